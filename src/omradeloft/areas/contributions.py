"""What apps above `areas` add to an area's page.

`areas` may not import the apps that build on it (see `omradeloft.layers`), yet an area's
page links to what they show about the area (its statistics). Such an app registers its
links here from its `AppConfig.ready()`; the page shows what is registered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from omradeloft.areas.models import Area


@dataclass(frozen=True)
class AreaLink:
    """A link from an area's page: `label(area)` in the active language, `url(area)`."""

    label: Callable[[Area], str]
    url: Callable[[Area], str]


@dataclass
class Registry:
    area_links: list[AreaLink] = field(default_factory=list)


registry = Registry()
