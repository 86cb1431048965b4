"""Area pages: public, with a map and a table of the same areas, and few queries."""

import json
import re

import pytest
from django.urls import reverse

from omradeloft.areas import contributions
from tests.factories import make_area, square


def figure_of(response):
    match = re.search(
        r'<script id="map-figure-data" type="application/json">(.*?)</script>',
        response.content.decode(),
        re.S,
    )
    assert match, "the page has no map figure"
    return json.loads(match.group(1))


def test_area_index_lists_levels_and_maps_the_first_level_with_boundaries(client, personas):
    response = client.get(reverse("areas:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "?level=municipality" in html
    assert "?level=subdistrict" in html
    figure = figure_of(response)
    assert figure["data"][0]["locations"] == ["099901", "099902"]
    assert "Nordbyen" in html
    assert "Sørbyen" in html


def test_area_index_shows_the_chosen_level(client, personas):
    response = client.get(reverse("areas:index"), {"level": "subdistrict"})
    assert figure_of(response)["data"][0]["locations"] == ["0999010101", "0999020201"]


def test_area_page_shows_its_trail_and_maps_its_children(client, personas):
    response = client.get(reverse("areas:detail", args=["099901"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/areas/0999/?level=municipality"' in html  # the trail up
    figure = figure_of(response)
    assert figure["data"][0]["locations"] == ["0999010101"]
    assert figure["data"][0]["customdata"] == ["/areas/0999010101/"]
    assert "Nordhagen" in html


def test_area_page_links_to_the_statistics_of_the_area(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    html = client.get(reverse("areas:detail", args=["099901"])).content.decode()
    profile = reverse("indicators:area_profile", args=["099901"])
    assert f'<a href="{profile}?level=district">Statistics for ' in html


def test_area_page_renders_without_links_when_no_app_above_registers_any(
    client, personas, monkeypatch
):
    monkeypatch.setattr(contributions, "registry", contributions.Registry())
    response = client.get(reverse("areas:detail", args=["099901"]))
    assert response.status_code == 200
    assert reverse("indicators:area_profile", args=["099901"]) not in response.content.decode()


def test_area_without_children_maps_itself(client, personas):
    figure = figure_of(client.get(reverse("areas:detail", args=["0999010101"])))
    assert figure["data"][0]["locations"] == ["0999010101"]


def test_map_values_are_drawn_as_a_choropleth_when_given(personas):
    from omradeloft.areas.maps import choropleth

    figure = choropleth([personas.d1, personas.d2], {"099901": 3.5}, "Rate")
    trace = figure["data"][0]
    assert trace["z"] == [3.5, None]
    assert trace["colorbar"]["title"]["text"] == "Rate"


def test_pages_load_plotly_from_our_own_static_files_only(client, personas):
    html = client.get(reverse("areas:detail", args=["0999"])).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/vendor/plotly.min.js" in sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def test_plotly_bundle_is_found_in_the_installed_package_and_collected():
    from pathlib import Path

    from django.contrib.staticfiles import finders

    from omradeloft.core.staticfinders import PlotlyFinder

    found = Path(finders.find("vendor/plotly.min.js"))
    assert found.name == "plotly.min.js"
    assert found.stat().st_size > 1_000_000
    listed = [(path, storage.prefix) for path, storage in PlotlyFinder().list([])]
    assert listed == [("plotly.min.js", "vendor")]


def test_unknown_area_is_404(client, db):
    assert client.get(reverse("areas:detail", args=["nope"])).status_code == 404


def test_a_code_used_on_two_levels_asks_which(client, db):
    make_area("77", "district", name="District 77")
    make_area("77", "subdistrict", name="Subdistrict 77")
    response = client.get(reverse("areas:detail", args=["77"]))
    assert response.status_code == 300
    assert "?level=district" in response.content.decode()
    assert (
        client.get(reverse("areas:detail", args=["77"]), {"level": "subdistrict"}).status_code
        == 200
    )


@pytest.mark.parametrize("count", [5, 60])
def test_area_index_query_count_does_not_grow_with_the_number_of_areas(
    client, db, django_assert_max_num_queries, count
):
    top = make_area("0999", "municipality")
    for i in range(count):
        make_area(f"D{i}", "district", parent=top, boundary=square(10 + i * 0.01))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("areas:index"), {"level": "district"}).status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_area_page_query_count_does_not_grow_with_the_number_of_children(
    client, db, django_assert_max_num_queries, count
):
    top = make_area("0999", "municipality")
    for i in range(count):
        make_area(f"D{i}", "district", parent=top, boundary=square(10 + i * 0.01))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("areas:detail", args=["0999"])).status_code == 200
