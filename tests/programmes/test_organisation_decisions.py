"""The decisions log across all bodies: newest first, filtered by body and text, downloadable
as CSV; the log and the bodies list cost the same number of queries however long they are."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from omradeloft.programmes.models import Decision, Meeting, Membership, MembershipRole
from tests.programmes.factories import make_body, make_measure


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def log_url(personas, **query):
    url = reverse("programmes:decisions", args=[personas.programme.code])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def decide(body, date, number, text, measures=()):
    meeting, _ = Meeting.objects.get_or_create(body=body, date=date)
    decision = Decision.objects.create(meeting=meeting, number=number, text=text)
    decision.measures.set(measures)
    return decision


@pytest.fixture
def log(personas):
    steering = make_body(personas.programme, name="Styringsgruppa")
    committee = make_body(personas.programme, name="Områdeutvalget")
    measure = make_measure(personas.programme, areas=[personas.d1], code="leksehjelp")
    decide(steering, datetime.date(2023, 5, 1), "2023/4", "Budsjett for 2024 vedtatt.")
    decide(committee, datetime.date(2024, 2, 1), "U-1", "Møteplass i parken anbefales.")
    decide(steering, datetime.date(2024, 9, 1), "2024/9", "Leksehjelp utvides.", [measure])
    return steering, committee


def rows(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [row for row in body.split("<tr>")[1:]]


def test_the_log_lists_every_bodys_decisions_newest_first(client, personas, log):
    client.force_login(personas.evaluator)
    page = client.get(log_url(personas)).content.decode()
    numbers = [next(n for n in ("2024/9", "U-1", "2023/4") if n in row) for row in rows(page)]
    assert numbers == ["2024/9", "U-1", "2023/4"]
    assert "Områdeutvalget" in page
    assert reverse("measures:detail", args=[personas.programme.code, "leksehjelp"]) in page


def test_the_log_is_filtered_by_body(client, personas, log):
    _, committee = log
    client.force_login(personas.partner)
    page = client.get(log_url(personas, body=committee.pk)).content.decode()
    assert len(rows(page)) == 1
    assert "U-1" in page


@pytest.mark.parametrize(("text", "expected"), [("budsjett", "2023/4"), ("u-1", "U-1")])
def test_the_log_is_filtered_by_text_or_number(client, personas, log, text, expected):
    client.force_login(personas.partner)
    page = client.get(log_url(personas, q=text)).content.decode()
    assert len(rows(page)) == 1
    assert expected in rows(page)[0]


def test_filters_combine_and_a_miss_says_so(client, personas, log):
    steering, _ = log
    client.force_login(personas.partner)
    page = client.get(log_url(personas, body=steering.pk, q="parken")).content.decode()
    assert "No decisions match." in page


def test_an_unknown_body_in_the_filter_is_refused_with_a_message(client, personas, log):
    client.force_login(personas.partner)
    response = client.get(log_url(personas, body=999999))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_log_downloads_as_csv_with_the_same_filters(client, personas, log):
    steering, _ = log
    client.force_login(personas.evaluator)
    response = client.get(log_url(personas, body=steering.pk, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    table = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert table == [
        ["Body", "Meeting date", "Number", "Decision", "Measures"],
        [
            "Styringsgruppa",
            "2024-09-01",
            "2024/9",
            "Leksehjelp utvides.",
            f"leksehjelp: {Decision.objects.get(number='2024/9').measures.get().title}",
        ],
        ["Styringsgruppa", "2023-05-01", "2023/4", "Budsjett for 2024 vedtatt.", ""],
    ]


def test_the_page_links_to_the_csv_with_its_filters(client, personas, log):
    steering, _ = log
    client.force_login(personas.evaluator)
    page = client.get(log_url(personas, body=steering.pk)).content.decode()
    assert f'href="?body={steering.pk}&amp;format=csv"' in page


# Query counts


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_bodies(personas, count: int) -> None:
    today = timezone.localdate()
    for n in range(count):
        body = make_body(personas.programme, name=f"Gruppe {n}")
        Membership.objects.create(body=body, person=f"Leder {n}", role=MembershipRole.CHAIR)
        Membership.objects.create(body=body, person=f"Medlem {n}", role=MembershipRole.MEMBER)
        Meeting.objects.create(body=body, date=today - datetime.timedelta(days=n + 1))
        Meeting.objects.create(body=body, date=today + datetime.timedelta(days=n + 1))


def add_decisions(personas, count: int) -> None:
    body = make_body(personas.programme)
    for n in range(count):
        measures = [make_measure(personas.programme, areas=[personas.d1]) for _ in range(2)]
        decide(
            body, datetime.date(2024, 1, 1) + datetime.timedelta(days=n), f"{n}", "Ja.", measures
        )


def test_the_bodies_list_costs_the_same_queries_for_2_or_20_bodies(
    client, personas, django_assert_max_num_queries
):
    url = reverse("programmes:bodies", args=[personas.programme.code])
    client.force_login(personas.partner)
    add_bodies(personas, 2)
    baseline = queries_for(client, url)
    add_bodies(personas, 18)
    with django_assert_max_num_queries(baseline):
        page = client.get(url).content.decode()
    assert page.count('<th scope="row">') == 20


@pytest.mark.parametrize("persona", ["partner", "programme_admin"])
def test_the_decisions_log_costs_the_same_queries_for_2_or_20_decisions(
    client, personas, django_assert_max_num_queries, persona
):
    client.force_login(getattr(personas, persona))
    add_decisions(personas, 2)
    baseline = queries_for(client, log_url(personas))
    add_decisions(personas, 18)
    with django_assert_max_num_queries(baseline):
        page = client.get(log_url(personas)).content.decode()
    assert len(rows(page)) == 20
