"""Indicator kinds (what aggregation and disclosure control need) apart from free unit labels."""

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils.translation import override

from omradeloft.evaluation.reading import amount
from omradeloft.indicators.catalogue import CatalogueError, export_catalogue, import_catalogue
from omradeloft.indicators.models import Indicator

FILES = Path(__file__).parent / "files"
HEADER = "code,name,name_en,polarity,kind,scale,unit_label,unit_label_en\n"


def snapshot() -> list[tuple]:
    return list(Indicator.objects.values_list("code", "kind", "rate_scale", "unit_label"))


@pytest.mark.django_db
def test_a_catalogue_with_free_units_imports_with_their_kinds_and_labels():
    call_command("import_indicators", FILES / "catalogue_free_units.csv")
    found = {
        i.code: (i.kind, i.rate_scale, i.unit_label, i.unit_label_en, i.aggregation)
        for i in Indicator.objects.all()
    }
    assert found == {
        "deprivation_rank": ("index", None, "rangering", "rank", "none"),
        "wellbeing_score": ("index", None, "poeng", "score", "none"),
        "price_index": ("index", None, "indeks", "index", "none"),
        "cigarettes": ("other", None, "pakker per innbygger", "packs per capita", "none"),
        "social_assistance": ("money", None, "kroner per innbygger", "NOK per capita", "none"),
        "crimes": ("rate", 100000, "per 100 000", "per 100,000", "ratio"),
        "households": ("count", None, "antall", "count", "sum"),
    }
    assert Indicator.objects.get(code="crimes").scale == 100000.0


@pytest.mark.django_db
def test_money_adds_up_unless_the_file_says_otherwise():
    import_catalogue(HEADER + "benefits,Stønad,,higher_is_worse,money,,,\n", "csv", actor=None)
    assert Indicator.objects.get().aggregation == "sum"


@pytest.mark.django_db
def test_the_unit_label_is_shown_in_the_active_language():
    call_command("import_indicators", FILES / "catalogue_free_units.csv")
    indicator = Indicator.objects.get(code="cigarettes")
    with override("en"):
        assert indicator.unit_text == "packs per capita"
    with override("nb"):
        assert indicator.unit_text == "pakker per innbygger"


@pytest.mark.django_db
def test_old_catalogue_files_with_unit_codes_still_import():
    text = (
        "code,name,name_en,unit,polarity\n"
        "a,A,,percent,higher_is_worse\nb,B,,per_1000,higher_is_worse\n"
        "c,C,,count,higher_is_better\nd,D,,nok,higher_is_better\n"
        "e,E,,years,higher_is_better\nf,F,,ratio,higher_is_better\n"
    )
    import_catalogue(text, "csv", actor=None)
    assert snapshot() == [
        ("a", "rate", 100, "prosent"),
        ("b", "rate", 1000, "per 1000"),
        ("c", "count", None, "antall"),
        ("d", "money", None, "kroner"),
        ("e", "other", None, "år"),
        ("f", "other", None, "forholdstall"),
    ]
    assert Indicator.objects.get(code="d").unit_label_en == "NOK"


@pytest.mark.django_db
@pytest.mark.parametrize("file_format", ["csv", "json"])
def test_the_export_of_free_units_imports_back_unchanged(file_format):
    call_command("import_indicators", FILES / "catalogue_free_units.csv")
    exported = export_catalogue(file_format)
    assert "packs per capita" in exported
    report = import_catalogue(exported, file_format, actor=None)
    assert (report.created, report.updated, report.unchanged) == ([], {}, 7)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,X,,higher_is_worse,ranking,,rank,", "kind: 'ranking' is not one of count, rate"),
        ("x,X,,higher_is_worse,rate,,,", "scale: missing; a rate needs its scale"),
        ("x,X,,higher_is_worse,rate,per mille,,", "scale: 'permille' is not a whole number"),
        ("x,X,,higher_is_worse,rate,0,,", "scale: '0' is not a whole number of 1 or more"),
        ("x,X,,higher_is_worse,count,100,,", "scale: only a rate has a scale"),
        ("x,X,,higher_is_worse,index,,,", "unit_label: missing; say what a index value is"),
        ("x,X,,higher_is_worse,,,rank,", "kind: missing; one of count, rate"),
        (f"x,X,,higher_is_worse,other,,{'a' * 61},", "unit_label: longer than 60 characters"),
    ],
)
def test_bad_kinds_and_scales_are_refused_with_a_specific_message(row, message):
    import_catalogue(HEADER + "keep,Behold,,higher_is_worse,count,,,\n", "csv", actor=None)
    before = snapshot()
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(
            HEADER + "keep,Endret,,higher_is_worse,count,,,\n" + row + "\n", "csv", actor=None
        )
    assert message in caught.value.errors[0]
    assert snapshot() == before


@pytest.mark.django_db
def test_a_free_unit_in_the_old_unit_column_is_refused_with_a_hint():
    text = "code,name,name_en,unit,polarity\nx,X,,packs per capita,higher_is_worse\n"
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(text, "csv", actor=None)
    assert (
        "give kind (count, rate, money, index, other) and write 'packs per capita' in"
        in (caught.value.errors[0])
    )
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_row_with_both_a_kind_and_an_old_unit_is_refused():
    document = [
        {
            "code": "x",
            "name": "X",
            "unit": "percent",
            "kind": "rate",
            "scale": 100,
            "polarity": "higher_is_worse",
        }
    ]
    with pytest.raises(CatalogueError) as caught:
        import_catalogue(json.dumps(document), "json", actor=None)
    assert "unit: give either kind" in caught.value.errors[0]
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_the_command_names_a_bad_kind_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "catalogue.csv"
    path.write_text(HEADER + "x,X,,higher_is_worse,ranking,,rank,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_indicators", path)
    assert "kind: 'ranking' is not one of" in capsys.readouterr().err
    assert not Indicator.objects.exists()


@pytest.mark.django_db
def test_a_difference_is_read_in_the_outcomes_unit_label():
    call_command("import_indicators", FILES / "catalogue_free_units.csv")
    with override("en"):
        assert amount(2.0, Indicator.objects.get(code="cigarettes")).endswith("packs per capita")
        assert amount(2.0, Indicator.objects.get(code="households")) == "2"
