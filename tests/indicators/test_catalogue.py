"""The indicator catalogue: import from CSV or JSON, export, all or nothing."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.catalogue import CatalogueError, export_catalogue, import_catalogue
from omradeloft.indicators.models import Indicator, Topic

pytestmark = pytest.mark.django_db

CSV = (
    "code,name,name_en,unit,polarity,numerator,denominator,suppression_threshold,topics\n"
    "not_employed,Ikke sysselsatt,Not employed,percent,higher_is_worse,Ikke sysselsatte,"
    "Personer 30-59,4,employment\n"
    "population,Befolkning,,count,higher_is_better,,,,\n"
)


@pytest.fixture
def employment_topic():
    return Topic.objects.create(code="employment", name="Sysselsetting", name_en="Employment")


def test_csv_catalogue_creates_indicators_with_defaults(employment_topic):
    report = import_catalogue(CSV, "csv", actor=None)
    assert sorted(report.created) == ["not_employed", "population"]
    rate = Indicator.objects.get(code="not_employed")
    assert (rate.kind, rate.unit_label, rate.aggregation, rate.suppression_threshold) == (
        "rate",
        "prosent",
        "ratio",
        4,
    )
    assert rate.scale == 100.0
    assert [t.code for t in rate.topics.all()] == ["employment"]
    count = Indicator.objects.get(code="population")
    assert (count.aggregation, count.suppression_threshold) == ("sum", 3)


def test_importing_the_same_catalogue_twice_changes_nothing(employment_topic):
    import_catalogue(CSV, "csv", actor=None)
    report = import_catalogue(CSV, "csv", actor=None)
    assert (report.created, report.updated, report.unchanged) == ([], {}, 2)


def test_json_catalogue_may_define_its_topics():
    document = {
        "topics": [{"code": "school", "name": "Barnehage og skole"}],
        "indicators": [
            {
                "code": "dropout",
                "name": "Frafall",
                "name_en": "Dropout",
                "unit": "percent",
                "polarity": "higher_is_worse",
                "topics": ["school"],
            }
        ],
    }
    report = import_catalogue(json.dumps(document), "json", actor=None)
    assert report.topics_created == ["school"]
    assert Indicator.objects.get().topics.get().name == "Barnehage og skole"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,Name,,furlongs,higher_is_worse", "unit: 'furlongs' is not one of percent"),
        ("x,Name,,percent,up", "polarity: 'up' is not one of higher_is_worse"),
        ("X Y,Name,,percent,higher_is_worse", "code: use lower-case letters"),
        ("x,,,percent,higher_is_worse", "name: missing"),
    ],
)
def test_bad_rows_are_refused_and_nothing_is_written(row, message):
    with pytest.raises(CatalogueError) as caught:
        import_catalogue("code,name,name_en,unit,polarity\n" + row + "\n", "csv", actor=None)
    assert message in caught.value.errors[0]
    assert caught.value.errors[0].startswith("row 2")
    assert Indicator.objects.count() == 0


def test_duplicate_codes_and_unknown_topics_are_refused():
    text = (
        "code,name,name_en,unit,polarity,topics\n"
        "x,A,,percent,higher_is_worse,nope\n"
        "x,B,,percent,higher_is_worse,\n"
    )
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(text, "csv", actor=None)
    assert any("duplicate, also in row 2" in e for e in caught.value.errors)
    assert any("unknown topic(s) nope" in e for e in caught.value.errors)


def test_missing_columns_are_named():
    with pytest.raises(CatalogueError) as caught:
        import_catalogue("code,name\nx,y\n", "csv", actor=None)
    assert "missing column(s) name_en, polarity, kind (or the old unit)" in caught.value.errors[0]


@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_export_imports_back_unchanged(employment_topic, file_format):
    import_catalogue(CSV, "csv", actor=None)
    exported = export_catalogue(file_format)
    report = import_catalogue(exported, file_format, actor=None)
    assert (report.created, report.updated, report.unchanged) == ([], {}, 2)


def test_commands_import_and_export(employment_topic, tmp_path, capsys, personas, settings):
    settings.LANGUAGE_CODE = "en"
    path = tmp_path / "catalogue.csv"
    path.write_text(CSV)
    call_command("import_indicators", str(path), "--dry-run")
    assert Indicator.objects.count() == 0
    with pytest.raises(CommandError, match="not allowed"):
        call_command("import_indicators", str(path), user="partner")
    call_command("import_indicators", str(path), user="analyst")
    capsys.readouterr()
    call_command("export_indicators", "--format", "json")
    assert json.loads(capsys.readouterr().out)["indicators"][0]["code"] == "not_employed"


def test_codes_that_are_addresses_of_catalogue_pages_are_refused():
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(
            "code,name,name_en,unit,polarity\nimport,X,,percent,higher_is_worse\n",
            "csv",
            actor=None,
        )
    assert "the address of one of the catalogue's own pages" in caught.value.errors[0]


def test_json_catalogue_carries_breaks_in_series():
    indicator = {
        "code": "dropout",
        "name": "Frafall",
        "name_en": "Dropout",
        "unit": "percent",
        "polarity": "higher_is_worse",
        "breaks": [{"period": "2015", "note": "Ny definisjon", "note_en": "New definition"}],
    }
    import_catalogue(json.dumps([indicator]), "json", actor=None)
    assert [(b.period, b.note) for b in Indicator.objects.get().breaks.all()] == [
        ("2015", "Ny definisjon")
    ]
    report = import_catalogue(export_catalogue("json"), "json", actor=None)
    assert report.unchanged == 1
    indicator["breaks"] = [{"period": "2019", "note": "Ny kilde"}]
    report = import_catalogue(json.dumps([indicator]), "json", actor=None)
    assert report.updated == {"dropout": ["breaks"]}
    assert [b.period for b in Indicator.objects.get().breaks.all()] == ["2019"]


def test_a_break_without_a_note_is_refused():
    indicator = {
        "code": "dropout",
        "name": "Frafall",
        "name_en": "",
        "unit": "percent",
        "polarity": "higher_is_worse",
        "breaks": [{"period": "2015"}],
    }
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(json.dumps([indicator]), "json", actor=None)
    assert "breaks: break 1 needs both a period and a note" in caught.value.errors[0]
    assert Indicator.objects.count() == 0
