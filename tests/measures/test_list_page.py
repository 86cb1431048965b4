"""The programme's measure list: filters, free-text search, count, map, CSV and a query
count that does not grow with the number of measures."""

import csv
import io

import pytest
from django.urls import reverse

from omradeloft.measures.models import MeasureKind, Status, TrafficLight
from omradeloft.measures.services import file_report
from tests.factories import make_organisation
from tests.measures.factories import field_of, with_status
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")
MAX_QUERIES = 25


def list_url(programme) -> str:
    return reverse("measures:list", args=[programme.code])


def codes(response) -> list[str]:
    return [m.code for m in response.context["page_obj"]]


@pytest.fixture
def measures(programme, personas, field):
    """Four measures that differ in every filter."""
    other_field = field_of(programme, name="Skole", name_en="School")
    owner = make_organisation(name="Bydel Nordbyen")
    school = make_measure(
        programme,
        code="a-school",
        areas=[personas.s11],
        fields=[other_field],
        owner=owner,
        title="Leksehjelp",
        description="Hjelp med lekser",
        kind=MeasureKind.PILOT,
    )
    park = make_measure(
        programme,
        code="b-park",
        areas=[personas.d1],
        fields=[field],
        title="Ny park",
        title_en="New park",
        latitude=59.005,
        longitude=10.005,
    )
    jobs = make_measure(programme, code="c-jobs", areas=[personas.d2], title="Jobbsjansen")
    with_status(jobs, Status.APPROVED)
    both = make_measure(
        programme, code="d-both", areas=[personas.d1, personas.s21], title="Møteplass"
    )
    return {"school": school, "park": park, "jobs": jobs, "both": both}


@pytest.fixture
def staff(client, personas):
    client.force_login(personas.evaluator)
    return client


def test_the_list_shows_every_measure_the_user_may_see_with_the_count(staff, programme, measures):
    response = staff.get(list_url(programme))
    assert response.status_code == 200
    assert codes(response) == ["a-school", "b-park", "c-jobs", "d-both"]
    assert "4 measures" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": Status.APPROVED}, ["c-jobs"]),
        ({"kind": MeasureKind.PILOT}, ["a-school"]),
        ({"q": "lekser"}, ["a-school"]),
        ({"q": "NEW PARK"}, ["b-park"]),
        ({"q": "c-jo"}, ["c-jobs"]),
        ({"q": "nothing like it"}, []),
    ],
)
def test_filters_and_text_search_narrow_the_list(staff, programme, measures, query, expected):
    assert codes(staff.get(list_url(programme), query)) == expected


def test_the_field_filter(staff, programme, measures, field):
    assert codes(staff.get(list_url(programme), {"field": field.pk})) == ["b-park"]


def test_the_owner_filter(staff, programme, measures):
    owner = measures["school"].owner
    assert codes(staff.get(list_url(programme), {"owner": owner.pk})) == ["a-school"]


def test_the_area_filter_includes_measures_in_areas_inside_the_chosen_one(
    staff, programme, measures, personas
):
    assert codes(staff.get(list_url(programme), {"area": personas.d1.pk})) == [
        "a-school",
        "b-park",
        "d-both",
    ]
    assert codes(staff.get(list_url(programme), {"area": personas.s21.pk})) == ["d-both"]
    everything = staff.get(list_url(programme), {"area": personas.municipality.pk})
    assert codes(everything) == ["a-school", "b-park", "c-jobs", "d-both"]


def test_filters_combine(staff, programme, measures, personas):
    query = {"area": personas.d1.pk, "q": "park"}
    assert codes(staff.get(list_url(programme), query)) == ["b-park"]


def test_an_invalid_filter_is_named_and_answered_with_400(staff, programme, measures):
    response = staff.get(list_url(programme), {"status": "lost", "q": "park"})
    assert response.status_code == 400
    assert "status" in response.context["form"].errors
    assert codes(response) == ["b-park"]


def test_the_latest_report_traffic_light_is_shown(staff, programme, measures):
    park = measures["park"]
    file_report(None, park, "2024H1", TrafficLight.GREEN, "Bra")
    file_report(None, park, "2024H2", TrafficLight.RED, "Stopp i byggingen")
    page = staff.get(list_url(programme)).content.decode()
    assert 'class="status status-red">Serious problems</span> 2024H2' in page


def test_the_csv_download_holds_the_filtered_list(staff, programme, measures, personas):
    response = staff.get(list_url(programme), {"area": personas.d1.pk, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row["code"] for row in rows] == ["a-school", "b-park", "d-both"]
    assert rows[1]["title_en"] == "New park"
    assert rows[1]["fields"] == "Local environment"
    assert rows[2]["areas"] == "Nordbyen (099901); Sørhagen (0999020201)"
    assert rows[1]["latitude"] == "59.005"


def test_the_page_links_the_csv_of_the_same_filters(staff, programme, measures):
    page = staff.get(list_url(programme), {"q": "park"}).content.decode()
    assert "?q=park&amp;format=csv" in page


def test_the_map_shows_the_measures_with_a_location_over_the_target_areas(
    staff, programme, measures
):
    figure = staff.get(list_url(programme)).context["figure"]
    [areas, points] = figure["data"]
    # The municipality targeted has no boundary: its districts are drawn instead.
    assert areas["locations"] == ["099901", "099902"]
    assert points["text"] == ["New park"]
    assert (points["lat"], points["lon"]) == ([59.005], [10.005])
    assert points["customdata"] == [reverse("measures:detail", args=[programme.code, "b-park"])]


def test_no_map_when_no_measure_has_a_location(staff, programme, measures):
    assert staff.get(list_url(programme), {"q": "lekser"}).context["figure"] is None


def test_pages_keep_the_filters(staff, programme, personas):
    for n in range(30):
        make_measure(programme, areas=[personas.d1], code=f"m{n:02}", title=f"Park {n}")
    response = staff.get(list_url(programme), {"q": "park"})
    assert len(response.context["page_obj"]) == 25
    assert "?q=park&amp;page=2" in response.content.decode()
    assert len(staff.get(list_url(programme), {"q": "park", "page": 2}).context["page_obj"]) == 5


@pytest.mark.parametrize("persona", ["programme_admin", "district_coordinator"])
def test_measure_managers_get_a_new_measure_link(client, programme, personas, persona):
    client.force_login(getattr(personas, persona))
    page = client.get(list_url(programme)).content.decode()
    assert reverse("measures:create", args=[programme.code]) in page


@pytest.mark.parametrize("persona", ["project_lead", "evaluator", "partner", "resident", None])
def test_others_get_no_new_measure_link(client, programme, personas, persona):
    if persona:
        client.force_login(getattr(personas, persona))
    page = client.get(list_url(programme)).content.decode()
    assert reverse("measures:create", args=[programme.code]) not in page


def _add_measures(programme, personas, n: int) -> None:
    owners = [make_organisation() for _ in range(3)]
    fields = [field_of(programme, name=f"Felt {i}") for i in range(2)]
    for i in range(n):
        measure = make_measure(
            programme,
            areas=[personas.d1, personas.s21],
            fields=fields,
            owner=owners[i % 3],
            latitude=59.0,
            longitude=10.0,
        )
        file_report(None, measure, "2024", TrafficLight.AMBER, "Ok")


def test_the_list_needs_the_same_number_of_queries_for_3_and_30_measures(
    client, programme, personas, django_assert_max_num_queries
):
    client.force_login(personas.district_coordinator)
    _add_measures(programme, personas, 3)
    with django_assert_max_num_queries(MAX_QUERIES) as three:
        assert client.get(list_url(programme)).status_code == 200
    _add_measures(programme, personas, 27)
    with django_assert_max_num_queries(MAX_QUERIES) as thirty:
        response = client.get(list_url(programme))
    assert len(response.context["page_obj"]) == 25
    assert len(thirty) == len(three), [q["sql"] for q in thirty]
