"""The measure list's filters: field, area (with the areas inside it), status, kind, owner
and free text."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation
from omradeloft.areas.forms import AreaChoiceField
from omradeloft.areas.models import Area
from omradeloft.core.forms import LocalizedChoiceField, model_choices
from omradeloft.measures.models import Measure, MeasureKind, Status
from omradeloft.measures.places import descendant_ids
from omradeloft.programmes.models import Programme

TEXT_FIELDS = ("code", "title", "title_en", "description", "description_en")


class MeasureFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    field = LocalizedChoiceField(
        label=_("Field"), queryset=None, required=False, empty_label=_("All fields")
    )
    area = AreaChoiceField(
        label=_("Area"), queryset=None, required=False, empty_label=_("All areas")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All statuses")), *Status.choices]
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *MeasureKind.choices]
    )
    owner = LocalizedChoiceField(
        label=_("Owner"), queryset=None, required=False, empty_label=_("All owners")
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        areas: list[Area],
        measures: QuerySet[Measure],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "field").queryset = programme.fields.all()
        model_choices(self, "area").queryset = (
            Area.objects.filter(pk__in=[a.pk for a in areas])
            .select_related("level")
            .order_by("level__rank", "code")
        )
        model_choices(self, "owner").queryset = Organisation.objects.filter(
            pk__in=measures.values("owner_id")
        )

    def filtered(self, measures: QuerySet[Measure]) -> QuerySet[Measure]:
        """`measures` narrowed by the filters that are valid (invalid ones are ignored)."""
        if not self.is_bound:
            return measures
        self.is_valid()
        data = self.cleaned_data
        if data.get("field"):
            measures = measures.filter(
                pk__in=Measure.fields.through.objects.filter(field=data["field"]).values(
                    "measure_id"
                )
            )
        if data.get("area"):
            inside = descendant_ids([data["area"].pk])
            measures = measures.filter(
                pk__in=Measure.areas.through.objects.filter(area_id__in=inside).values("measure_id")
            )
        if data.get("status"):
            measures = measures.filter(status=data["status"])
        if data.get("kind"):
            measures = measures.filter(kind=data["kind"])
        if data.get("owner"):
            measures = measures.filter(owner=data["owner"])
        text = (data.get("q") or "").strip()
        if text:
            matches = Q()
            for name in TEXT_FIELDS:
                matches |= Q(**{f"{name}__icontains": text})
            measures = measures.filter(matches)
        return measures
