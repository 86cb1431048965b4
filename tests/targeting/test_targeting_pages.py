"""Targeting pages: the ranking, what drives an area's score, and a rule's list."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.maps import darkest, palest
from tests.targeting.factories import rank_and_classify


@pytest.fixture
def computed(statistics, tmp_path):
    rank_and_classify(tmp_path, ("2023", "2024"))
    return statistics


def test_overview_lists_indices_and_rules(client, computed):
    html = client.get(reverse("targeting:overview")).content.decode()
    assert reverse("targeting:index", args=["hardship"]) in html
    assert reverse("targeting:rule", args=["worst"]) in html


def test_ranking_lists_areas_by_rank_with_a_map(client, computed):
    response = client.get(reverse("targeting:index", args=["hardship"]), {"period": "2024"})
    assert response.status_code == 200
    assert [s.area.code for s in response.context["scores"]] == [
        "0999010101",
        "0999010102",
        "0999020201",
    ]
    assert response.context["figure"] is not None


def test_ranking_filters_by_decile_and_sorts_by_area(client, computed):
    url = reverse("targeting:index", args=["hardship"])
    top = client.get(url, {"period": "2024", "decile": "1"}).context["scores"]
    assert [s.rank for s in top] == [1]
    by_area = client.get(url, {"period": "2024", "sort": "area"}).context["scores"]
    assert [s.area.name for s in by_area] == ["Nordhagen", "Nordlia", "Sørhagen"]


def test_explanation_shows_each_components_contribution(client, computed):
    url = reverse("targeting:explanation", args=["hardship", "0999010101"])
    response = client.get(url, {"period": "2024"})
    contributions = {i.code: shown.value for i, _, shown in response.context["parts"]}
    assert contributions == {"not_employed": pytest.approx(50.0), "employed": pytest.approx(50.0)}
    assert [s.period for s in response.context["history"]] == ["2024", "2023"]


def test_rule_page_lists_selected_areas_with_reasons_and_changes(client, computed):
    response = client.get(reverse("targeting:rule", args=["worst"]), {"period": "2024"})
    assert [item.area.code for item in response.context["selected"]] == ["0999010101"]
    with translation.override("nb"):
        reason = translation.gettext("rank %(rank)s of the top %(top)s") % {"rank": 1, "top": 1}
    assert reason in response.content.decode()
    assert response.context["comparison"].entered == []


def test_download_is_csv_of_the_period(client, computed):
    response = client.get(reverse("targeting:download", args=["hardship"]), {"period": "2023"})
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == (
        "area,period,score,rank,decile,not_employed,employed,score_rounded_to,status"
    )
    assert lines[1].startswith("0999010101,2023,")


def test_unknown_index_rule_and_area_are_404(client, computed):
    assert client.get(reverse("targeting:index", args=["nope"])).status_code == 404
    assert client.get(reverse("targeting:rule", args=["nope"])).status_code == 404
    url = reverse("targeting:explanation", args=["hardship", "nope"])
    assert client.get(url).status_code == 404


def test_ranking_has_a_query_ceiling(client, computed, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        client.get(reverse("targeting:index", args=["hardship"]))


def test_early_warning_flags_an_area_whose_rank_slides(client, computed, tmp_path):
    from omradeloft.indicators.importing.files import open_observation_file
    from omradeloft.indicators.importing.service import import_observations
    from tests.indicators.factories import write_csv

    # In 2025 Sørhagen becomes the worst on both indicators: rank 3 -> 1.
    rows = [
        "not_employed,0999010101,2025,10,,",
        "employed,0999010101,2025,80,,",
        "not_employed,0999010102,2025,20,,",
        "employed,0999010102,2025,70,,",
        "not_employed,0999020201,2025,40,,",
        "employed,0999020201,2025,50,,",
    ]
    chunks, info = open_observation_file(write_csv(tmp_path / "b.csv", rows))
    import_observations(chunks, info, actor=None)
    from django.core.management import call_command

    call_command("compute_index", "hardship")
    url = reverse("targeting:warnings", args=["hardship"])
    client.cookies["django_language"] = "en"
    response = client.get(url, {"places": 2, "periods": 1})
    flags = {area.code: reasons for area, reasons, _ in response.context["flags"]}
    assert flags["0999020201"] == ["rank 3 → 1 over 1 periods"]
    assert "0999010101" not in flags
    assert darkest(response.context["figure"]) == "0999020201"
    assert client.get(url, {"places": "lots"}).status_code == 400


def test_a_shared_rank_is_shown_as_shared_on_the_ranking_and_the_explanation(client, computed):
    from omradeloft.targeting.models import IndexScore

    IndexScore.objects.filter(period="2024", rank=2).update(rank=1)
    url = reverse("targeting:index", args=["hardship"])
    scores = client.get(url, {"period": "2024"}).context["scores"]
    assert [(s.rank, s.shared_with) for s in scores] == [(1, 1), (1, 1), (3, 0)]
    explained = reverse("targeting:explanation", args=["hardship", scores[0].area.code])
    page = client.get(explained, {"period": "2024"}).content.decode()
    assert "(delt med 1 annet område)" in page
    client.post(reverse("set_language"), {"language": "en"})
    html = client.get(url, {"period": "2024"}).content.decode()
    assert html.count("(shared with 1 other area)") == 2


def test_the_ranking_map_draws_the_most_deprived_area_darkest(client, computed):
    response = client.get(reverse("targeting:index", args=["hardship"]), {"period": "2024"})
    scores = response.context["scores"]
    assert darkest(response.context["figure"]) == scores[0].area.code
    assert palest(response.context["figure"]) == scores[-1].area.code


def test_the_rule_map_draws_the_selected_areas_darkest(client, computed):
    response = client.get(reverse("targeting:rule", args=["worst"]), {"period": "2024"})
    assert darkest(response.context["figure"]) == "0999010101"
