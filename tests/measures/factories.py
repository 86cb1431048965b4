"""Builders for measure tests: a programme with a target area and a field, form data, files."""

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from omradeloft.measures.models import Measure, Status, StatusChange
from omradeloft.programmes.models import Field, TargetArea
from tests.factories import make_organisation
from tests.programmes.factories import make_field

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def target(programme, area) -> TargetArea:
    return TargetArea.objects.create(
        programme=programme, area=area, reason="Levekår", chosen_on=datetime.date(2017, 1, 1)
    )


def field_of(programme, **values: Any) -> Field:
    values.setdefault("name", "Nærmiljø")
    values.setdefault("name_en", "Local environment")
    return make_field(programme, **values)


def measure_data(areas, **values: Any) -> dict[str, Any]:
    """What `create_measure` takes, with sensible defaults."""
    values.setdefault("code", "leksehjelp")
    values.setdefault("title", "Leksehjelp")
    values.setdefault("kind", "measure")
    values.setdefault("owner", make_organisation())
    return {"areas": areas, **values}


def form_data(places, owner, **values: Any) -> dict[str, Any]:
    """What the measure form posts."""
    data = {
        "code": "leksehjelp",
        "title": "Leksehjelp",
        "kind": "measure",
        "owner": str(owner.pk),
        "areas": [str(a.pk) for a in places],
    }
    return data | values


def with_status(measure: Measure, status: Status) -> Measure:
    """Put `measure` in `status` directly, as if the changes had been made earlier."""
    StatusChange.objects.create(
        measure=measure,
        from_status=measure.status,
        to_status=status,
        date=datetime.date(2024, 1, 1),
        reason="Earlier",
    )
    measure.status = status
    measure.save()
    return measure


def pdf(name: str = "plan.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
