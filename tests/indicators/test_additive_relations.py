"""Additive relations in the catalogue (age groups add up to the total) and disclosure
control across the indicators of a relation, after every import, rollback and change."""

import csv
import io
import json

import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import override

from omradeloft.indicators.catalogue import CatalogueError, export_catalogue, import_catalogue
from omradeloft.indicators.editing import save_indicator
from omradeloft.indicators.engine.disclosure import Relation
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import AdditiveRelation, Indicator, Observation, Suppression
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv
from tests.indicators.oracle import derivable, lone_members

pytestmark = pytest.mark.django_db

HEADER = "code,name,name_en,unit,polarity,sums_to"
CATALOGUE = [
    "pop,Befolkning,Population,count,higher_is_better,",
    "pop_young,Befolkning 0–19 år,Population aged 0–19,count,higher_is_better,pop",
    "pop_old,Befolkning 20 år og over,Population aged 20+,count,higher_is_better,pop",
]
S11, S12, S13, S21 = "0999010101", "0999010102", "0999010103", "0999020201"


def unrelated():
    """The catalogue's rows without their totals."""
    return [row.rsplit(",", 1)[0] + "," for row in CATALOGUE]


def catalogue(*rows, header=HEADER):
    return "\n".join([header, *rows]) + "\n"


def population(young, old=None):
    """Observation rows for the three indicators: {subdistrict: count} for the young and the
    old; the total is their sum where both are given."""
    old = old or {}
    rows = [f"pop_young,{area},2024,{count}" for area, count in young.items()]
    rows += [f"pop_old,{area},2024,{count}" for area, count in old.items()]
    rows += [f"pop,{area},2024,{young[area] + old[area]}" for area in old if area in young]
    return rows


YOUNG = {S11: 2, S12: 20, S13: 30, S21: 25}
OLD = {S11: 40, S12: 50, S13: 60, S21: 45}


@pytest.fixture
def areas(personas):
    make_area(S12, "subdistrict", name="Nordlia", parent=personas.d1)
    make_area(S13, "subdistrict", name="Nordåsen", parent=personas.d1)
    return personas


def load(tmp_path, rows, name="obs.csv"):
    path = write_csv(tmp_path / name, rows, header="indicator,area,period,value")
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=None)


def status(code, area):
    return Observation.objects.get(indicator__code=code, area__code=area).suppression


def family_frame(codes=("pop", "pop_young", "pop_old")):
    """The family's stored cells as an engine frame, and their suppression."""
    observations = list(
        Observation.objects.filter(indicator__code__in=codes).values_list(
            "area_id", "area__parent_id", "period", "indicator__code", "value", "suppression"
        )
    )
    frame = pd.DataFrame(
        observations, columns=["cell", "parent", "group", "item", "numerator", "suppression"]
    )
    present = set(zip(frame["cell"], frame["item"], strict=True))
    has_parent = [(p, i) in present for p, i in zip(frame["parent"], frame["item"], strict=True)]
    frame["parent"] = frame["parent"].where(has_parent, -1).fillna(-1).astype(int)
    return frame, (frame["suppression"] != Suppression.PUBLISHED).to_numpy()


def assert_nothing_derivable():
    frame, hidden = family_frame()
    relations = [Relation("pop", ("pop_young", "pop_old"))]
    assert lone_members(frame, relations, hidden) == []
    assert derivable(frame, relations, hidden) == set()


# --- disclosure control across a relation --------------------------------------------------


def test_a_small_age_group_is_not_the_total_minus_the_published_other(areas, tmp_path):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    load(tmp_path, population(YOUNG, OLD))
    assert status("pop_young", S11) == Suppression.PRIMARY
    # Without the relation only a sibling of the young would go; now the total or the old
    # of S11 goes too.
    assert {status("pop", S11), status("pop_old", S11)} != {Suppression.PUBLISHED}
    assert_nothing_derivable()
    public = Observation.objects.public().filter(area__code=S11)
    assert not {"pop", "pop_old"} <= set(public.values_list("indicator__code", flat=True))


def test_importing_one_member_recomputes_the_whole_family(areas, tmp_path):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    load(tmp_path, population({**YOUNG, S11: 12}, OLD))
    assert not Observation.objects.exclude(suppression=Suppression.PUBLISHED).exists()

    load(tmp_path, [f"pop_young,{S11},2024,2"], name="young.csv")
    assert status("pop_young", S11) == Suppression.PRIMARY
    others = Observation.objects.filter(indicator__code__in=["pop", "pop_old"])
    assert others.exclude(suppression=Suppression.PUBLISHED).exists()
    assert_nothing_derivable()


def test_rolling_back_one_member_recomputes_the_whole_family(areas, tmp_path):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    load(tmp_path, population({**YOUNG, S11: 12}, OLD))
    report = load(tmp_path, [f"pop_young,{S11},2024,2"], name="young.csv")
    rollback_batch(report.batch, actor=None)
    assert not Observation.objects.exclude(suppression=Suppression.PUBLISHED).exists()


def test_declaring_and_removing_a_relation_recomputes_disclosure(areas, tmp_path):
    import_catalogue(catalogue(*unrelated()), "csv", actor=None)
    load(tmp_path, population(YOUNG, OLD))
    assert status("pop_old", S11) == status("pop", S11) == Suppression.PUBLISHED

    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    assert {status("pop", S11), status("pop_old", S11)} != {Suppression.PUBLISHED}
    assert_nothing_derivable()

    import_catalogue(catalogue(*unrelated()), "csv", actor=None)
    assert status("pop_old", S11) == status("pop", S11) == Suppression.PUBLISHED
    assert not AdditiveRelation.objects.exists()


def test_each_indicator_keeps_its_own_threshold_within_a_family(areas, tmp_path):
    header = HEADER + ",suppression_threshold"
    import_catalogue(
        catalogue(*[f"{row},3" for row in CATALOGUE[:2]], f"{CATALOGUE[2]},45", header=header),
        "csv",
        actor=None,
    )
    load(tmp_path, population({**YOUNG, S11: 12}, OLD))
    assert status("pop_old", S11) == Suppression.PRIMARY  # 40 <= 45
    assert status("pop_young", S11) != Suppression.PRIMARY
    assert_nothing_derivable()


# --- the catalogue file --------------------------------------------------------------------


def test_csv_catalogue_declares_which_indicators_add_up_to_which(areas):
    report = import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    assert sorted(report.created) == ["pop", "pop_old", "pop_young"]
    relation = AdditiveRelation.objects.get()
    assert relation.total.code == "pop"
    assert relation.breakdown == ""
    assert sorted(c.code for c in relation.components.all()) == ["pop_old", "pop_young"]


def test_breakdowns_of_one_total_are_told_apart_by_name(areas):
    rows = [
        CATALOGUE[0],
        CATALOGUE[1] + ":age",
        CATALOGUE[2] + ":age",
        "pop_women,Kvinner,Women,count,higher_is_better,pop:sex",
        "pop_men,Menn,Men,count,higher_is_better,pop:sex",
    ]
    import_catalogue(catalogue(*rows), "csv", actor=None)
    relations = {
        r.breakdown: sorted(c.code for c in r.components.all())
        for r in AdditiveRelation.objects.all()
    }
    assert relations == {"age": ["pop_old", "pop_young"], "sex": ["pop_men", "pop_women"]}


def test_nested_relations_are_declared_with_a_list_of_totals(areas):
    document = [
        {
            "code": "pop",
            "name": "B",
            "name_en": "",
            "unit": "count",
            "polarity": "higher_is_better",
        },
        {
            "code": "pop_young",
            "name": "B 0–19",
            "name_en": "",
            "unit": "count",
            "polarity": "higher_is_better",
            "sums_to": ["pop"],
        },
        {
            "code": "pop_0_5",
            "name": "B 0–5",
            "name_en": "",
            "unit": "count",
            "polarity": "higher_is_better",
            "sums_to": "pop_young",
        },
    ]
    import_catalogue(json.dumps(document), "json", actor=None)
    totals = dict(AdditiveRelation.objects.values_list("components__code", "total__code"))
    assert totals == {"pop_young": "pop", "pop_0_5": "pop_young"}


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_writes_the_relations_and_imports_back_unchanged(areas, file_format):
    rows = [*CATALOGUE, "pop_women,Kvinner,Women,count,higher_is_better,pop:sex"]
    import_catalogue(catalogue(*rows), "csv", actor=None)
    exported = export_catalogue(file_format)
    if file_format == "csv":
        by_code = {row["code"]: row for row in csv.DictReader(io.StringIO(exported))}
        assert by_code["pop_young"]["sums_to"] == "pop"
        assert by_code["pop_women"]["sums_to"] == "pop:sex"
        assert by_code["pop"]["sums_to"] == ""
    else:
        by_code = {i["code"]: i for i in json.loads(exported)["indicators"]}
        assert by_code["pop_young"]["sums_to"] == ["pop"]
        assert by_code["pop_women"]["sums_to"] == ["pop:sex"]
        assert by_code["pop"]["sums_to"] == []
    report = import_catalogue(exported, file_format, actor=None)
    assert (report.created, report.updated, report.unchanged) == ([], {}, 4)


def test_a_file_without_sums_to_leaves_the_relations_alone(areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    without = (
        "\n".join(
            ["code,name,name_en,unit,polarity", "pop_young,Unge,Young,count,higher_is_better"]
        )
        + "\n"
    )
    import_catalogue(without, "csv", actor=None)
    assert AdditiveRelation.objects.get().components.count() == 2


def test_changing_the_total_is_reported_as_a_change(areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    rows = [*CATALOGUE[:2], unrelated()[2]]
    report = import_catalogue(catalogue(*rows), "csv", actor=None)
    assert report.updated == {"pop_old": ["sums_to"]}
    relation = AdditiveRelation.objects.get()
    assert [c.code for c in relation.components.all()] == ["pop_young"]


def test_a_relation_left_without_components_is_removed(areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    rows = [CATALOGUE[0], *unrelated()[1:]]
    import_catalogue(catalogue(*rows), "csv", actor=None)
    assert not AdditiveRelation.objects.exists()


def test_a_dry_run_checks_the_relations_and_writes_none(areas):
    report = import_catalogue(catalogue(*CATALOGUE), "csv", actor=None, dry_run=True)
    assert report.dry_run
    assert not AdditiveRelation.objects.exists()
    assert not Indicator.objects.exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [CATALOGUE[1].replace(",pop", ",population")],
            "row 2 (code pop_young): sums_to: unknown indicator 'population'",
        ),
        (
            [CATALOGUE[0], CATALOGUE[1].replace(",pop", ",pop:Age Groups")],
            "row 3 (code pop_young): sums_to: 'pop:Age Groups' is not TOTAL or TOTAL:BREAKDOWN",
        ),
        (
            [CATALOGUE[0], CATALOGUE[1].replace(",pop", ",pop_young")],
            "row 3 (code pop_young): sums_to: an indicator cannot add up to itself",
        ),
        (
            [CATALOGUE[0].replace(",count,", ",percent,"), CATALOGUE[1]],
            "row 3 (code pop_young): sums_to: the total pop is not a count",
        ),
        (
            [CATALOGUE[0], CATALOGUE[1].replace(",count,", ",percent,")],
            "row 3 (code pop_young): sums_to: only counts add up to a total",
        ),
        (
            [CATALOGUE[0], CATALOGUE[1] + ":age|pop:sex"],
            "row 3 (code pop_young): sums_to: it is in two breakdowns of pop (age, sex)",
        ),
        (
            [CATALOGUE[0] + "pop_young", CATALOGUE[1]],
            "sums_to: the relations go round in a circle: pop → pop_young → pop",
        ),
    ],
)
def test_bad_relations_are_refused_and_nothing_is_written(areas, rows, message):
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(catalogue(*rows), "csv", actor=None)
    assert any(message in error for error in caught.value.errors), caught.value.errors
    assert not Indicator.objects.exists()
    assert not AdditiveRelation.objects.exists()


def test_a_component_with_another_periodicity_than_its_total_is_refused(areas):
    rows = [CATALOGUE[0] + ",annual", CATALOGUE[1] + ",quarterly", CATALOGUE[2] + ",annual"]
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(catalogue(*rows, header=HEADER + ",periodicity"), "csv", actor=None)
    assert caught.value.errors == [
        "row 3 (code pop_young): sums_to: the periodicity quarterly differs from the total "
        "pop's (annual)"
    ]


def test_a_file_may_not_turn_a_total_into_a_rate(areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    text = "code,name,name_en,unit,polarity\npop,Befolkning,,percent,higher_is_better\n"
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(text, "csv", actor=None)
    assert "the total pop is not a count" in caught.value.errors[0]
    assert Indicator.objects.get(code="pop").kind == "count"


# --- the form and the administration -------------------------------------------------------


def test_the_indicator_form_refuses_a_unit_that_breaks_a_relation(areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    young = Indicator.objects.get(code="pop_young")
    with override("en"), pytest.raises(ValidationError, match="only counts add up to a total"):
        save_indicator(areas.analyst, {"kind": "rate", "rate_scale": 100}, indicator=young)
    young.refresh_from_db()
    assert young.kind == "count"


def test_the_edit_page_shows_why_a_unit_is_refused(client, areas, settings):
    settings.LANGUAGE_CODE = "en"
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    client.force_login(areas.analyst)
    data = {
        "name": "Unge",
        "name_en": "Young",
        "kind": "rate",
        "rate_scale": "100",
        "unit_label": "prosent",
        "polarity": "higher_is_better",
        "aggregation": "ratio",
        "periodicity": "annual",
        "suppression_threshold": "3",
        "decimals": "0",
    }
    response = client.post(reverse("indicators:edit", args=["pop_young"]), data)
    assert response.status_code == 400
    assert "only counts add up to a total" in response.content.decode()
    assert Indicator.objects.get(code="pop_young").kind == "count"


def admin_form(total, components, breakdown=""):
    return {"total": total.pk, "breakdown": breakdown, "components": [c.pk for c in components]}


def test_superusers_declare_a_relation_in_the_administration(client, areas, tmp_path):
    total, young, old = (
        make_indicator(code, unit="count") for code in ("pop", "pop_young", "pop_old")
    )
    load(tmp_path, population(YOUNG, OLD))
    assert status("pop_old", S11) == status("pop", S11) == Suppression.PUBLISHED
    client.force_login(areas.superuser)
    response = client.post(
        reverse("admin:indicators_additiverelation_add"), admin_form(total, [young, old])
    )
    assert response.status_code == 302, response.content.decode()
    assert sorted(c.code for c in AdditiveRelation.objects.get().components.all()) == [
        "pop_old",
        "pop_young",
    ]
    assert {status("pop", S11), status("pop_old", S11)} != {Suppression.PUBLISHED}

    relation = AdditiveRelation.objects.get()
    client.post(
        reverse("admin:indicators_additiverelation_delete", args=[relation.pk]), {"post": "yes"}
    )
    assert not AdditiveRelation.objects.exists()
    assert status("pop_old", S11) == status("pop", S11) == Suppression.PUBLISHED


def test_the_administration_refuses_a_relation_of_rates(client, areas):
    total = make_indicator("pop", unit="count")
    rate = make_indicator("not_employed")
    client.force_login(areas.superuser)
    response = client.post(
        reverse("admin:indicators_additiverelation_add"), admin_form(total, [rate])
    )
    assert response.status_code == 200
    assert not AdditiveRelation.objects.exists()
    assert "not_employed" in response.content.decode()


def test_only_superusers_reach_the_relations_in_the_administration(client, areas):
    client.force_login(areas.analyst)
    response = client.get(reverse("admin:indicators_additiverelation_changelist"))
    assert response.status_code == 302  # to the administration's login
    client.force_login(areas.superuser)
    assert client.get(reverse("admin:indicators_additiverelation_changelist")).status_code == 200


def test_the_administration_refuses_a_unit_that_breaks_a_relation(client, areas):
    import_catalogue(catalogue(*CATALOGUE), "csv", actor=None)
    young = Indicator.objects.get(code="pop_young")
    client.force_login(areas.superuser)
    address = reverse("admin:indicators_indicator_change", args=[young.pk])
    data = {
        "code": "pop_young",
        "name": "Unge",
        "name_en": "",
        "kind": "rate",
        "rate_scale": "100",
        "unit_label": "prosent",
        "polarity": "higher_is_better",
        "aggregation": "sum",
        "periodicity": "annual",
        "suppression_threshold": "3",
        "decimals": "0",
        "breaks-TOTAL_FORMS": "0",
        "breaks-INITIAL_FORMS": "0",
    }
    response = client.post(address, data)
    assert response.status_code == 200
    assert "pop_young" in response.content.decode()
    assert Indicator.objects.get(code="pop_young").kind == "count"
    response = client.post(address, data | {"kind": "count", "rate_scale": "", "name": "Unge"})
    assert response.status_code == 302
    assert Indicator.objects.get(code="pop_young").name == "Unge"
