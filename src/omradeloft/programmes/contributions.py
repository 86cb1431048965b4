"""What apps above `programmes` add to the programme's pages.

`programmes` may not import the apps that build on it (see `omradeloft.layers`), yet its
pages show their content: the programme list counts measures, the dashboard charts them,
the description has a section on them, a decision names the measures it concerns, and a
field or goal that measures use may not be removed. Such an app registers its parts here
from its `AppConfig.ready()`; the programme pages draw what is registered and nothing when
nothing is.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest

from omradeloft.programmes.models import Decision, Field, Goal, Programme

Block = dict[str, Any]

# How many events "What changed lately" shows; a contributor need not give more.
RECENT_CHANGES = 10


@dataclass(frozen=True)
class Event:
    """Something that happened lately on the dashboard: `kind` is description or decision
    for the programme's own events; a contributed event names the `template` that draws it
    (with the event as `event`)."""

    when: date
    kind: str
    item: Any
    recorded: datetime
    template: str = ""


@dataclass(frozen=True)
class NavItem:
    """A section in the programme's menu, placed after the item keyed `after` (or last).
    `url_name` is reversed with the programme's code; `section` is what the pages of that
    section pass to `programme_context`. A `workspace` item shows only to the programme's
    own people."""

    section: str
    label: Callable[[], str]
    url_name: str
    after: str
    workspace: bool = False


@dataclass(frozen=True)
class CardPart:
    """A line on a programme's card in the programme list: `template` is drawn with the
    context `build(request, programme)` returns, as `part`."""

    template: str
    build: Callable[[HttpRequest, Programme], dict[str, Any]]


@dataclass(frozen=True)
class DashboardPart:
    """What one app shows on the dashboard for one visitor."""

    context: dict[str, Any]  # merged into the page's context for the templates below
    map_traces: list[dict[str, Any]] = field(default_factory=list)  # over the target areas
    events: list[Event] = field(default_factory=list)  # for "What changed lately"
    uses_charts: bool = False  # whether `panel_template` draws a Plotly figure


@dataclass(frozen=True)
class DashboardPanel:
    """A section of the dashboard, between the goals and the map; `map_template` (if any)
    is drawn under the map's table of target areas."""

    panel_template: str
    build: Callable[[HttpRequest, Programme], DashboardPart]
    map_template: str = ""


@dataclass(frozen=True)
class DescriptionSection:
    """A section of the programme description, placed after the section keyed `after`
    (or last when no section has that key). `blocks` builds it in the active language."""

    key: str
    title: Callable[[], str]
    blocks: Callable[[Programme], list[Block]]
    after: str = ""


@dataclass(frozen=True)
class DecisionLink:
    """Things of another app a decision may concern (e.g. measures).

    `key` names the decision form's field and the keyword `add_decision` takes;
    `problem(programme, things)` says why a decision of the programme may not concern
    `things` ("" when it may) and `attach(decision, things)` links them to a new decision;
    `readable` prefetches, onto each decision, those linked things the user may read, under
    the relation named `key`; `cell_template` draws them in a table cell (with the decision
    as `decision`) and `csv_cell` writes them in the decisions CSV under `heading`.
    """

    key: str
    heading: Callable[[], str]
    form_field: Callable[[Programme], forms.Field]
    readable: Callable[[HttpRequest, Programme], Prefetch]
    cell_template: str
    csv_cell: Callable[[Decision], str]
    problem: Callable[[Programme, list[Any]], str]
    attach: Callable[[Decision, list[Any]], None]


@dataclass(frozen=True)
class UsageCheck[Thing]:
    """What of another app still uses a field or goal, which is kept while anything does.

    `users(thing)` names those that use it, in the active language (none: nothing stands in
    the way); `refusal(thing, names)` words them, given the names joined by "; ". For a
    field it words one part of the list in the field's refusal (e.g. "measures: A; B"), for
    a goal the whole refusal.
    """

    users: Callable[[Thing], list[str]]
    refusal: Callable[[Thing, str], str]


@dataclass
class Registry:
    nav_items: list[NavItem] = field(default_factory=list)
    card_parts: list[CardPart] = field(default_factory=list)
    dashboard_panels: list[DashboardPanel] = field(default_factory=list)
    description_sections: list[DescriptionSection] = field(default_factory=list)
    decision_links: list[DecisionLink] = field(default_factory=list)
    field_users: list[UsageCheck[Field]] = field(default_factory=list)
    goal_users: list[UsageCheck[Goal]] = field(default_factory=list)


registry = Registry()
