"""The measures section of the programme description: the published measures by field."""

from django.utils.translation import gettext as _

from omradeloft.core.i18n import localized
from omradeloft.measures.models import Measure
from omradeloft.programmes.contributions import Block
from omradeloft.programmes.description import heading, paragraph, table
from omradeloft.programmes.models import Programme


def measure_blocks(programme: Programme) -> list[Block]:
    measures = list(
        Measure.objects.filter(programme=programme)
        .published()
        .select_related("owner")
        .prefetch_related("fields", "areas")
    )
    if not measures:
        return [paragraph(_("No measures have been published yet."))]
    groups = [
        (localized(field, "name"), [m for m in measures if field in m.fields.all()])
        for field in programme.fields.all()
    ]
    groups.append((_("Not tied to a field"), [m for m in measures if not m.fields.all()]))
    header = [_("Code"), _("Title"), _("Kind"), _("Status"), _("Areas"), _("Owner")]
    blocks: list[Block] = []
    for name, in_group in groups:
        if not in_group:
            continue
        rows = [
            [
                measure.code,
                localized(measure, "title"),
                measure.get_kind_display(),
                measure.get_status_display(),
                ", ".join(localized(area, "name") for area in measure.areas.all()),
                localized(measure.owner, "name"),
            ]
            for measure in in_group
        ]
        caption = _("Measures in %(field)s") % {"field": name}
        blocks += [heading(name), table(caption, header, rows)]
    return blocks
