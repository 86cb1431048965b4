"""The indicator page and the area profile: values, disclosure per viewer, downloads."""

import csv
import io

import pytest
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.factories import make_area, square
from tests.indicators.factories import make_indicator, write_csv

ROWS = [
    "not_employed,0999010101,2024,,2,100",  # small: suppressed, with a sibling
    "not_employed,0999010102,2024,,20,100",
    "not_employed,0999010103,2024,,30,100",
    "not_employed,0999020201,2024,,40,100",
    "not_employed,0999010103,2023,,35,100",
]


@pytest.fixture
def statistics(personas, tmp_path):
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1, boundary=square(11))
    make_area("0999010103", "subdistrict", name="Nordåsen", parent=personas.d1, boundary=square(12))
    make_indicator("not_employed", name="Ikke sysselsatt", is_synthetic=True)
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", ROWS))
    import_observations(chunks, info, actor=None)
    return personas


def page(client, code="not_employed", **params):
    return client.get(reverse("indicators:detail", args=[code]), params)


def test_indicator_page_maps_and_tables_the_chosen_level_and_period(client, statistics):
    response = page(client, level="subdistrict", period="2024")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nordåsen" in html
    assert 'id="map-figure-data"' in html
    assert 'id="series-data"' in html
    assert "Syntetiske data" in html or "Synthetic data" in html


def test_suppressed_values_are_hidden_from_the_public_and_shown_to_analysts(client, statistics):
    response = page(client, level="subdistrict", period="2024")
    trace = response.context["figure"]["data"][0]
    z = dict(zip(trace["locations"], trace["z"], strict=True))
    assert z["0999010101"] is None
    assert z["0999010103"] == 30.0
    cells = {c.observation.area.code: c for c in response.context["cells"]}
    assert cells["0999010101"].hidden
    assert cells["0999010102"].hidden
    assert cells["0999010101"].value is None
    client.force_login(statistics.analyst)
    cells = {c.observation.area.code: c for c in page(client, level="subdistrict").context["cells"]}
    assert cells["0999010101"].value == 2.0
    assert cells["0999010101"].unpublishable


@pytest.mark.parametrize("persona", ["resident", "partner", "programme_admin", "outsider"])
def test_only_analysts_see_unsuppressed_values(client, statistics, persona):
    client.force_login(getattr(statistics, persona))
    cells = {c.observation.area.code: c for c in page(client, level="subdistrict").context["cells"]}
    assert cells["0999010101"].value is None


def test_indicator_download_is_what_the_page_shows(client, statistics):
    url = reverse("indicators:download", args=["not_employed", "csv"])
    response = client.get(url, {"level": "subdistrict", "period": "2024"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_area = {r["area"]: r for r in rows}
    assert by_area["0999010101"]["value"] == ""
    assert by_area["0999010103"]["value"] == "30.0"
    assert by_area["0999010103"]["synthetic"] == "True"
    xlsx = client.get(reverse("indicators:download", args=["not_employed", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert (
        client.get(reverse("indicators:download", args=["not_employed", "pdf"])).status_code == 404
    )


def test_area_profile_compares_with_parent_and_reference_and_ranks(client, statistics):
    response = client.get(reverse("indicators:area_profile", args=["0999010103"]))
    assert response.status_code == 200
    (row,) = response.context["rows"]
    assert row.period == "2024"
    assert row.cell.value == 30.0
    assert row.parent.value == pytest.approx(52 / 300 * 100)
    assert row.reference.value == pytest.approx(92 / 400 * 100)
    assert row.index_to_reference == pytest.approx(30.0 / (92 / 400 * 100) * 100)
    assert row.index_to_parent == pytest.approx(30.0 / (52 / 300 * 100) * 100)
    # The only published sibling: a rank "1 of 1" would read as the hardest situation.
    assert (row.rank, row.ranked) == (None, 1)
    assert [c.observation.period for c in row.trend] == ["2023", "2024"]
    assert "<svg" in str(row.sparkline)


def test_an_area_is_ranked_only_among_two_or_more_siblings_with_values(client, statistics):
    url = reverse("indicators:area_profile", args=["0999010103"])
    client.force_login(statistics.analyst)  # sees the suppressed siblings' values too
    (row,) = client.get(url).context["rows"]
    assert (row.rank, row.ranked) == (1, 3)
    client.logout()
    (row,) = client.get(url).context["rows"]
    assert row.rank is None
    assert "1 av 1" not in client.get(url).content.decode()


def test_area_profile_hides_suppressed_values_from_the_public(client, statistics):
    (row,) = client.get(reverse("indicators:area_profile", args=["0999010101"])).context["rows"]
    assert row.cell.hidden
    assert row.rank is None


def test_area_profile_download(client, statistics):
    url = reverse("indicators:area_profile_download", args=["0999010103", "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    assert rows[0]["indicator"] == "not_employed"
    assert rows[0]["value"] == "30.0"


def test_unknown_indicator_and_area_are_404(client, statistics):
    assert page(client, code="nope").status_code == 404
    assert client.get(reverse("indicators:area_profile", args=["nope"])).status_code == 404


@pytest.mark.parametrize("extra", [0, 40])
def test_statistics_pages_have_a_query_ceiling(
    client, statistics, django_assert_max_num_queries, extra, tmp_path
):
    for i in range(extra):
        make_indicator(f"extra{i}")
    rows = [f"extra{i},0999010103,2024,5,," for i in range(extra)]
    if rows:
        chunks, info = open_observation_file(write_csv(tmp_path / "b.csv", rows))
        import_observations(chunks, info, actor=None)
    with django_assert_max_num_queries(15):
        client.get(reverse("indicators:area_profile", args=["0999010103"]))
    with django_assert_max_num_queries(15):
        page(client, level="subdistrict", period="2024")
