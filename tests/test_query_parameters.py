"""Odd query parameters get a 400 page in the visitor's language that names the parameter,
the value and what was expected; never a server error."""

import pytest
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.indicators.factories import write_csv
from tests.source import modules_matching
from tests.targeting.factories import rank_and_classify, two_indicators_over_three_areas

HUGE = "9" * 5000


@pytest.fixture
def computed(personas, tmp_path):
    two_indicators_over_three_areas(personas, tmp_path)
    rank_and_classify(tmp_path, ("2023", "2024"))
    return personas


def refused(response, parameter: str) -> str:
    assert response.status_code == 400
    html = response.content.decode()
    assert parameter in html
    return html


@pytest.mark.parametrize("value", ["²", HUGE, "-1", "11", "tre"])
def test_the_index_page_refuses_a_decile_that_is_not_one_to_ten(client, computed, value):
    url = reverse("targeting:index", args=["hardship"])
    html = refused(client.get(url, {"decile": value}), "decile")
    assert "from 1 to 10" in html or "fra 1 til 10" in html


def test_the_index_page_takes_an_empty_or_good_decile(client, computed):
    url = reverse("targeting:index", args=["hardship"])
    assert client.get(url, {"decile": ""}).status_code == 200
    assert client.get(url, {"decile": "3"}).status_code == 200


@pytest.mark.parametrize("value", ["3", "0", "-1", "²", HUGE, "1e3"])
def test_the_early_warning_page_never_fails_on_a_window(client, computed, value):
    response = client.get(reverse("targeting:warnings", args=["hardship"]), {"window": value})
    assert response.status_code in {200, 400}
    if response.status_code == 400:
        assert "window" in response.content.decode()


@pytest.mark.parametrize("value", ["²", HUGE, "abc"])
def test_the_goals_editor_refuses_an_odd_parent(client, personas, value):
    client.force_login(personas.programme_admin)
    url = reverse("programmes:edit_goals", args=[personas.programme.code])
    refused(client.get(url, {"parent": value}), "parent")


def test_comparing_versions_without_parameters_explains_what_is_missing(client, personas):
    url = reverse("programmes:description_diff", args=[personas.programme.code])
    html = refused(client.get(url), "from")
    assert "«from» mangler" in html
    assert "versjonsnummer" in html


def test_the_refusal_speaks_english_to_an_english_visitor(client, computed):
    client.post(reverse("set_language"), {"language": "en"})
    url = reverse("targeting:index", args=["hardship"])
    html = refused(client.get(url, {"decile": "²"}), "decile")
    assert "expected" in html


def test_the_refusal_speaks_bokmal_by_default(client, computed):
    url = reverse("targeting:index", args=["hardship"])
    html = refused(client.get(url, {"decile": "²"}), "decile")
    assert "forventet" in html


def test_views_read_query_parameters_only_through_the_shared_reader():
    """A form bound to the whole query (Form(request.GET)) checks its own fields; anything
    else read from request.GET goes through core.params."""
    direct = r"request\.GET(\.get\(|\.getlist\(|\[)"
    assert modules_matching(direct, except_in="params.py") == []


def test_too_few_city_values_for_a_trend_window_are_explained_on_the_page(
    client, computed, tmp_path
):
    rows = [
        f"{code},0999,{year},{value},,"
        for year in ("2023", "2024")
        for code, value in (("not_employed", 25), ("employed", 65))
    ]
    chunks, info = open_observation_file(write_csv(tmp_path / "city.csv", rows))
    import_observations(chunks, info, actor=None)
    response = client.get(reverse("targeting:warnings", args=["hardship"]), {"window": "4"})
    assert response.status_code == 200
    assert "Trendene ble ikke vurdert" in response.content.decode()
