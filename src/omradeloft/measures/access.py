"""Who may read, edit and report on which measures; every view and command asks here.

- Coordinators, district coordinators, evaluators and analysts read every measure of the
  programme; partners and project leads read the published ones and those their
  organisation owns or takes part in, or that they lead; everyone else reads the
  published ones.
- A measure may be edited by whoever may manage measures in every one of its areas: the
  programme's coordinators anywhere, a district coordinator inside their districts.
- Progress may be reported by those who may edit the measure and by its project lead.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from omradeloft.accounts.permissions import Action, can
from omradeloft.measures.models import Measure


def visible_measures(user, programme):
    """The measures of `programme` that `user` may read."""
    measures = Measure.objects.filter(programme=programme)
    if can(user, Action.VIEW_ALL_MEASURES, programme=programme):
        return measures
    own = Q(is_published=True)
    if user.is_authenticated and can(user, Action.VIEW_WORKSPACE, programme=programme):
        own |= Q(lead=user)
        if user.organisation_id:
            own |= Q(owner_id=user.organisation_id) | Q(partners=user.organisation_id)
    return measures.filter(own).distinct()


def may_create_in(user, programme, areas) -> bool:
    """May `user` create a measure in `programme` that works in all of `areas`?"""
    return bool(areas) and all(
        can(user, Action.MANAGE_MEASURES, programme=programme, area=area) for area in areas
    )


def may_edit(user, measure: Measure) -> bool:
    areas = list(measure.areas.all())
    if not areas:
        return can(user, Action.EDIT_PROGRAMME, programme=measure.programme)
    return all(
        can(user, Action.MANAGE_MEASURES, programme=measure.programme, area=area) for area in areas
    )


def may_report(user, measure: Measure) -> bool:
    if may_edit(user, measure):
        return True
    return (
        measure.lead_id is not None
        and measure.lead_id == getattr(user, "pk", None)
        and can(user, Action.REPORT_PROGRESS, programme=measure.programme)
    )


def get_measure_for_view(user, programme, code: str) -> Measure:
    """The measure, or 404 when it does not exist or `user` may not read it (so that
    unpublished measures do not reveal that they exist)."""
    try:
        return visible_measures(user, programme).get(code=code)
    except Measure.DoesNotExist:
        raise Http404(_("No such measure.")) from None


def get_measure_for_edit(user, programme, code: str) -> Measure:
    measure = get_measure_for_view(user, programme, code)
    if not may_edit(user, measure):
        raise PermissionDenied(_("You may not edit this measure."))
    return measure


def get_measure_for_report(user, programme, code: str) -> Measure:
    measure = get_measure_for_view(user, programme, code)
    if not may_report(user, measure):
        raise PermissionDenied(_("You may not report progress on this measure."))
    return measure
