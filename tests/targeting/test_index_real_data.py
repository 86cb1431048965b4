"""Indices over data shaped like the real thing: published weights that are rounded,
and components whose series cover different years."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.targeting.models import IndexDefinition, IndexRun, IndexScore
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv
from tests.targeting.factories import write_spec

pytestmark = pytest.mark.django_db

# The English Indices of Deprivation 2019 domain weights, as published (sum 0.999).
IMD_DOMAINS = {
    "income": 0.225,
    "employment": 0.225,
    "education": 0.135,
    "health": 0.135,
    "crime": 0.093,
    "barriers": 0.093,
    "environment": 0.093,
}
AREAS = ("0999010101", "0999010102", "0999020201")


def imported(tmp_path, rows):
    chunks, info = open_observation_file(write_csv(tmp_path / "values.csv", rows))
    import_observations(chunks, info, actor=None)


@pytest.fixture
def imd_shaped(personas, tmp_path):
    """One indicator per IMD domain over three subdistricts, 2019."""
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    rows = []
    for domain in IMD_DOMAINS:
        make_indicator(domain)
        rows += [f"{domain},{area},2019,{10 * (i + 1)},," for i, area in enumerate(AREAS)]
    imported(tmp_path, rows)
    return personas


def imd_spec(domain_weights):
    return {
        "code": "imd",
        "name": "Levekårsindeks",
        "level": "subdistrict",
        "method": "exponential_rank",
        "components": [{"indicator": d, "weight": 1.0, "domain": d} for d in domain_weights],
        "domain_weights": domain_weights,
    }


def test_published_imd_weights_are_accepted_and_the_commands_say_they_were_normalised(
    imd_shaped, tmp_path, capsys, settings
):
    settings.LANGUAGE_CODE = "en"
    call_command("import_index", write_spec(tmp_path, imd_spec(IMD_DOMAINS)))
    said = capsys.readouterr().out
    assert "The domain weights summed to 0.999 and were normalised to 1." in said
    # The definition keeps the weights as published.
    assert IndexDefinition.objects.get().domain_weights == IMD_DOMAINS
    call_command("compute_index", "imd")
    said = capsys.readouterr().out
    assert "The domain weights summed to 0.999 and were normalised to 1." in said
    assert IndexScore.objects.filter(period="2019").count() == 3


def test_the_normalisation_note_is_in_bokmal_by_default(imd_shaped, tmp_path, capsys):
    call_command("import_index", write_spec(tmp_path, imd_spec(IMD_DOMAINS)))
    assert "Domenevektene summerte til 0,999 og ble normalisert til 1." in capsys.readouterr().out


def test_the_index_page_says_the_weights_were_normalised(imd_shaped, tmp_path, client, settings):
    call_command("import_index", write_spec(tmp_path, imd_spec(IMD_DOMAINS)))
    url = reverse("targeting:index", args=["imd"])
    html = client.get(url).content.decode()
    assert "Domenevektene summerte til 0,999 og ble normalisert til 1." in html
    settings.LANGUAGE_CODE = "en"
    html = client.get(url).content.decode()
    assert "The domain weights summed to 0.999 and were normalised to 1." in html


def test_the_index_page_has_no_note_when_the_weights_sum_to_one(
    imd_shaped, tmp_path, client, settings
):
    settings.LANGUAGE_CODE = "en"
    exact = {"income": 0.5, "employment": 0.5}
    call_command("import_index", write_spec(tmp_path, imd_spec(exact)))
    html = client.get(reverse("targeting:index", args=["imd"])).content.decode()
    assert "normalised" not in html


def test_a_weight_sum_of_0_98_is_refused_naming_the_sum_and_the_tolerance(
    imd_shaped, tmp_path, capsys
):
    with pytest.raises(CommandError):
        call_command(
            "import_index", write_spec(tmp_path, imd_spec(IMD_DOMAINS | {"income": 0.206}))
        )
    err = capsys.readouterr().err
    assert "domain weights sum to 0.98, not 1" in err
    assert "0.5 %" in err
    assert IndexDefinition.objects.count() == 0


# --- components covering different years ---------------------------------------------------

SPEC = {
    "code": "living",
    "name": "Levekår",
    "level": "subdistrict",
    "method": "exponential_rank",
    "components": [
        {"indicator": "unemployment", "weight": 0.5},
        {"indicator": "crowded_housing", "weight": 0.5},
    ],
}


def series(tmp_path, personas, spans):
    """{indicator: (first year, last year)} over three subdistricts."""
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    rows = []
    for indicator, (first, last) in spans.items():
        make_indicator(indicator)
        rows += [
            f"{indicator},{area},{year},{10 * (i + 1) + year % 7},,"
            for year in range(first, last + 1)
            for i, area in enumerate(AREAS)
        ]
    imported(tmp_path, rows)


def test_every_period_with_all_components_is_computed_and_the_others_are_listed_as_skipped(
    personas, tmp_path, capsys, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2010, 2020), "crowded_housing": (2015, 2022)})
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "living")
    said = capsys.readouterr().out
    computed = [str(y) for y in range(2015, 2021)]
    assert sorted(set(IndexScore.objects.values_list("period", flat=True))) == computed
    for year in range(2010, 2015):
        assert f"skipped {year}: no values of crowded_housing" in said
    for year in (2021, 2022):
        assert f"skipped {year}: no values of unemployment" in said
    run = IndexRun.objects.get()
    assert run.periods == computed
    assert run.skipped["2010"] == {"values": ["crowded_housing"]}
    assert run.skipped["2022"] == {"values": ["unemployment"]}
    assert sorted(run.skipped) == ["2010", "2011", "2012", "2013", "2014", "2021", "2022"]


def test_components_without_a_common_period_are_refused_and_nothing_is_written(
    personas, tmp_path, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2010, 2012), "crowded_housing": (2015, 2016)})
    call_command("import_index", write_spec(tmp_path, SPEC))
    with pytest.raises(CommandError) as refused:
        call_command("compute_index", "living")
    message = str(refused.value)
    assert "no period has values of every component" in message
    assert "2010: no values of crowded_housing" in message
    assert "2016: no values of unemployment" in message
    assert IndexRun.objects.count() == 0
    assert IndexScore.objects.count() == 0


def test_a_period_asked_for_without_every_component_is_refused_naming_it(
    personas, tmp_path, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2010, 2020), "crowded_housing": (2015, 2022)})
    call_command("import_index", write_spec(tmp_path, SPEC))
    with pytest.raises(CommandError, match="2012: no values of crowded_housing"):
        call_command("compute_index", "living", "--period", "2016", "--period", "2012")
    assert IndexScore.objects.count() == 0


def test_the_compute_button_computes_the_common_periods_and_names_the_skipped(
    personas, tmp_path, client, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2010, 2020), "crowded_housing": (2015, 2022)})
    call_command("import_index", write_spec(tmp_path, SPEC))
    client.force_login(personas.analyst)
    response = client.post(reverse("targeting:index_compute", args=["living"]), follow=True)
    html = response.content.decode()
    assert "skipped 2010: no values of crowded_housing" in html
    assert "skipped 2022: no values of unemployment" in html
    assert IndexScore.objects.filter(period="2015").count() == 3


def test_the_compute_button_reports_when_no_period_can_be_computed(
    personas, tmp_path, client, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2010, 2012), "crowded_housing": (2015, 2016)})
    call_command("import_index", write_spec(tmp_path, SPEC))
    client.force_login(personas.analyst)
    response = client.post(reverse("targeting:index_compute", args=["living"]), follow=True)
    assert "no period has values of every component" in response.content.decode()
    assert IndexRun.objects.count() == 0


def test_a_period_without_reference_values_is_skipped_for_ratio_to_reference(
    personas, tmp_path, capsys, settings
):
    settings.LANGUAGE_CODE = "en"
    series(tmp_path, personas, {"unemployment": (2015, 2017), "crowded_housing": (2015, 2017)})
    reference = [
        f"{indicator},099901,{year},20,,"
        for indicator in ("unemployment", "crowded_housing")
        for year in (2015, 2016)
    ]
    chunks, info = open_observation_file(write_csv(tmp_path / "reference.csv", reference))
    import_observations(chunks, info, actor=None)
    ratio = SPEC | {"method": "ratio_to_reference", "reference": "099901"}
    call_command("import_index", write_spec(tmp_path, ratio))
    call_command("compute_index", "living")
    assert "skipped 2017: no reference value of unemployment, crowded_housing" in (
        capsys.readouterr().out
    )
    assert IndexRun.objects.get().periods == ["2015", "2016"]
