"""What a viewer may see of observations: disclosure control applied per viewer.

Outside the analyst role a suppressed value is shown as hidden (":" as Statistics Norway
prints it); an analyst sees it, marked as not publishable. An observation the source marked
missing shows the marker's meaning where its value would be.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from omradeloft.accounts.permissions import Action, area_ids_where
from omradeloft.indicators.models import Observation, Suppression


@dataclass(frozen=True)
class Cell:
    observation: Observation
    hidden: bool  # suppressed, and this viewer may not see it
    unpublishable: bool  # suppressed, but this viewer (an analyst) sees it
    note: str = ""  # why a derived value may be incomplete (left_out.DerivedNotes)

    @property
    def value(self) -> float | None:
        return None if self.hidden else self.observation.value

    @property
    def numerator(self) -> float | None:
        return None if self.hidden else self.observation.numerator

    @property
    def denominator(self) -> float | None:
        return None if self.hidden else self.observation.denominator

    @property
    def missing_label(self) -> str:
        """Why the source gave no value ("not available", "confidential"); "" if it gave one."""
        return self.observation.get_missing_display() if self.observation.missing else ""


class Viewer:
    """Decides, for one user, which suppressed values they may see."""

    def __init__(self, user) -> None:
        self.visible_area_ids = area_ids_where(user, Action.VIEW_UNSUPPRESSED)

    @property
    def sees_everything(self) -> bool:
        return self.visible_area_ids is None

    def may_see_unsuppressed(self, area_id: int) -> bool:
        return self.visible_area_ids is None or area_id in self.visible_area_ids

    def cell(self, observation: Observation) -> Cell:
        suppressed = observation.suppression != Suppression.PUBLISHED
        if not suppressed:
            return Cell(observation, hidden=False, unpublishable=False)
        if self.may_see_unsuppressed(observation.area_id):
            return Cell(observation, hidden=False, unpublishable=True)
        return Cell(observation, hidden=True, unpublishable=False)

    def cells(self, observations: Iterable[Observation]) -> list[Cell]:
        return [self.cell(o) for o in observations]
