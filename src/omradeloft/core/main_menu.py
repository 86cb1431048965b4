"""The site's main menu, filled by the apps.

`core` may import no app (see `omradeloft.layers`), yet the page layout (`base.html`) links
to the apps' main pages. Each app registers its section here from its `AppConfig.ready()`;
the layout draws the registered sections, lowest `order` first.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class MenuItem:
    """A section of the main menu. `nav` is what the section's pages pass as `nav` (which
    marks the item as the current one); `url_name` is reversed without arguments; a
    `signed_in` item shows only to a signed-in user."""

    nav: str
    label: Callable[[], str]
    url_name: str
    order: int
    signed_in: bool = False


@dataclass
class Registry:
    items: list[MenuItem] = field(default_factory=list)


registry = Registry()
