"""The indicator catalogue is public; only statistics managers create and change indicators."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from omradeloft.core.models import AuditEntry
from omradeloft.indicators.editing import save_indicator
from omradeloft.indicators.models import Indicator, Observation, Suppression, Topic
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

MANAGERS = ["analyst", "programme_admin", "superuser"]
REFUSED = ["resident", "outsider", "state_coordinator", "evaluator"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def topics(db):
    return (
        Topic.objects.create(code="school", name="Barnehage og skole", name_en="School"),
        Topic.objects.create(code="work", name="Sysselsetting", name_en="Employment"),
    )


@pytest.fixture
def catalogue(personas, topics):
    school, work = topics
    employed = make_indicator("not_employed", name="Ikke sysselsatt", name_en="Not employed")
    employed.topics.set([work])
    grades = make_indicator(
        "low_grades", name="Lave grunnskolepoeng", unit="count", is_synthetic=True
    )
    grades.topics.set([school])
    for period in ("2022", "2024", "2023"):
        Observation.objects.create(indicator=employed, area=personas.s11, period=period, value=20.0)
    return personas


def form_data(**changes):
    data = {
        "code": "low_income",
        "name": "Lavinntekt",
        "name_en": "Low income",
        "definition": "Andel i husholdninger med lav inntekt.",
        "kind": "rate",
        "rate_scale": "100",
        "unit_label": "prosent",
        "unit_label_en": "percent",
        "numerator_definition": "Personer i lavinntekt",
        "denominator_definition": "Alle personer",
        "polarity": "higher_is_worse",
        "aggregation": "ratio",
        "source": "SSB",
        "periodicity": "annual",
        "suppression_threshold": "3",
        "decimals": "1",
    }
    return data | changes


def snapshot():
    return sorted(Indicator.objects.values_list(*[f for f in form_data() if f != "code"], "code"))


# The catalogue


def test_the_catalogue_is_public_and_lists_unit_polarity_topics_and_latest_period(
    client, catalogue
):
    response = client.get(reverse("indicators:catalogue"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not employed" in html
    assert 'href="/indicators/not_employed/"' in html
    assert "percent" in html
    assert "higher is worse" in html
    assert "Employment" in html
    assert "<td>2024</td>" in html
    assert "no data yet" in html


def test_the_catalogue_shows_bokmal_names_in_bokmal(client, catalogue, settings):
    settings.LANGUAGE_CODE = "nb"
    html = client.get(reverse("indicators:catalogue")).content.decode()
    assert "Ikke sysselsatt" in html
    assert "Sysselsetting" in html
    assert "Not employed" not in html


def test_synthetic_indicators_carry_a_badge(client, catalogue):
    html = client.get(reverse("indicators:catalogue")).content.decode()
    row = html[html.index("Lave grunnskolepoeng") :].split("</tr>")[0]
    assert "Synthetic data" in row
    row = html[html.index("Not employed") :].split("</tr>")[0]
    assert "Synthetic data" not in row


def test_the_catalogue_can_be_narrowed_to_one_topic(client, catalogue):
    response = client.get(reverse("indicators:catalogue"), {"topic": "school"})
    html = response.content.decode()
    assert "Lave grunnskolepoeng" in html
    assert "Not employed" not in html
    assert '<a href="?topic=school" aria-current="page">' in html


def test_an_unknown_topic_is_refused_naming_the_topics_there_are(client, catalogue):
    response = client.get(reverse("indicators:catalogue"), {"topic": "nope"})
    assert response.status_code == 400
    assert "school" in response.content.decode()


@pytest.mark.parametrize("persona", MANAGERS)
def test_statistics_managers_see_links_to_create_import_and_batches(client, catalogue, persona):
    client.force_login(getattr(catalogue, persona))
    html = client.get(reverse("indicators:catalogue")).content.decode()
    for name in ("indicators:create", "indicators:import", "indicators:batches"):
        assert f'href="{reverse(name)}"' in html
    assert f'href="{reverse("indicators:edit", args=["not_employed"])}"' in html


@pytest.mark.parametrize("persona", [None, *REFUSED])
def test_others_see_no_links_to_manage_statistics(client, catalogue, persona):
    if persona:
        client.force_login(getattr(catalogue, persona))
    html = client.get(reverse("indicators:catalogue")).content.decode()
    assert reverse("indicators:create") not in html
    assert reverse("indicators:batches") not in html
    assert "/edit/" not in html


def test_the_catalogue_needs_no_more_queries_for_more_indicators(
    client, catalogue, topics, django_assert_max_num_queries
):
    client.force_login(catalogue.analyst)
    url = reverse("indicators:catalogue")
    client.get(url)  # warm up the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(20):
        indicator = make_indicator(f"extra_{n}")
        indicator.topics.set(topics)
        Observation.objects.create(indicator=indicator, area=catalogue.s21, period="2024", value=1)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("<tr>") == 1 + 22


# Creating and editing


@pytest.mark.parametrize("url", ["create", "edit"])
def test_anonymous_visitors_are_sent_to_log_in_to_create_or_edit(client, catalogue, url):
    args = ["not_employed"] if url == "edit" else []
    response = client.get(reverse(f"indicators:{url}", args=args))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    response = client.post(reverse(f"indicators:{url}", args=args), form_data())
    assert response.status_code == 302
    assert not Indicator.objects.filter(code="low_income").exists()


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("url", ["create", "edit"])
def test_others_are_refused_creating_and_editing_indicators(client, catalogue, persona, url):
    client.force_login(getattr(catalogue, persona))
    args = ["not_employed"] if url == "edit" else []
    before = snapshot()
    assert client.get(reverse(f"indicators:{url}", args=args)).status_code == 403
    response = client.post(reverse(f"indicators:{url}", args=args), form_data())
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("persona", MANAGERS)
def test_statistics_managers_get_the_indicator_forms(client, catalogue, persona):
    client.force_login(getattr(catalogue, persona))
    response = client.get(reverse("indicators:create"))
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()
    response = client.get(reverse("indicators:edit", args=["not_employed"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="code"' not in html
    assert 'value="Ikke sysselsatt"' in html


@pytest.mark.parametrize("persona", ["analyst", "programme_admin"])
def test_a_statistics_manager_creates_an_indicator(client, catalogue, topics, persona):
    user = getattr(catalogue, persona)
    client.force_login(user)
    response = client.post(
        reverse("indicators:create"), form_data(topics=[topics[1].pk], is_synthetic="on")
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:catalogue")
    indicator = Indicator.objects.get(code="low_income")
    assert (indicator.name, indicator.name_en, indicator.unit_label, indicator.source) == (
        "Lavinntekt",
        "Low income",
        "prosent",
        "SSB",
    )
    assert indicator.is_synthetic
    assert [t.code for t in indicator.topics.all()] == ["work"]
    entry = AuditEntry.objects.for_object(indicator).first()
    assert (entry.actor, entry.source) == (user, "web")
    html = client.get(response["Location"]).content.decode()
    assert "The indicator Low income was created." in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kind": "furlongs"}, "kind", "furlongs is not one of the available choices"),
        ({"code": "not_employed"}, "code", "already exists"),
        ({"suppression_threshold": "-1"}, "suppression_threshold", "greater than or equal to 0"),
        ({"code": "Not_Employed"}, "code", "lower-case"),
        ({"code": "new"}, "code", "choose another code"),
        ({"name": ""}, "name", "This field is required"),
        ({"decimals": "9"}, "decimals", "from 0 to 6"),
        ({"polarity": "sideways"}, "polarity", "sideways"),
    ],
)
def test_bad_indicator_input_is_refused_with_a_message_and_changes_nothing(
    client, catalogue, changes, field, message
):
    client.force_login(catalogue.analyst)
    before = snapshot()
    response = client.post(reverse("indicators:create"), form_data(**changes))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert f'href="#id_{field}"' in html
    assert snapshot() == before


def test_an_empty_form_is_refused_with_messages(client, catalogue):
    client.force_login(catalogue.analyst)
    before = snapshot()
    response = client.post(reverse("indicators:create"), {})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert snapshot() == before


def test_bad_input_when_editing_changes_nothing(client, catalogue):
    client.force_login(catalogue.analyst)
    before = snapshot()
    response = client.post(
        reverse("indicators:edit", args=["not_employed"]),
        form_data(name="Nytt navn", suppression_threshold="-5"),
    )
    assert response.status_code == 400
    assert "<h1>Edit Not employed</h1>" in response.content.decode()
    assert snapshot() == before


def test_a_statistics_manager_edits_an_indicator_but_not_its_code(client, catalogue, topics):
    client.force_login(catalogue.programme_admin)
    response = client.post(
        reverse("indicators:edit", args=["not_employed"]),
        form_data(code="renamed", name="Ikke i arbeid", topics=[t.pk for t in topics]),
    )
    assert response.status_code == 302
    indicator = Indicator.objects.get(code="not_employed")
    assert indicator.name == "Ikke i arbeid"
    assert sorted(t.code for t in indicator.topics.all()) == ["school", "work"]
    assert not Indicator.objects.filter(code="renamed").exists()


def test_editing_an_unknown_indicator_is_not_found(client, catalogue):
    client.force_login(catalogue.analyst)
    assert client.get(reverse("indicators:edit", args=["nope"])).status_code == 404


@pytest.fixture
def small_counts(catalogue):
    """Counts at or below the threshold stored before disclosure control ran."""
    indicator = Indicator.objects.get(code="not_employed")
    Observation.objects.all().delete()
    for area, numerator in ((catalogue.s11, 2), (catalogue.s21, 40)):
        Observation.objects.create(
            indicator=indicator,
            area=area,
            period="2024",
            numerator=numerator,
            denominator=100,
            value=numerator,
        )
    return indicator


def test_changing_the_suppression_threshold_reapplies_disclosure_control(
    client, catalogue, small_counts
):
    client.force_login(catalogue.analyst)
    response = client.post(
        reverse("indicators:edit", args=["not_employed"]),
        form_data(name="Ikke sysselsatt", suppression_threshold="2"),
    )
    assert response.status_code == 302
    small = Observation.objects.get(area=catalogue.s11)
    assert small.suppression == Suppression.PRIMARY


def test_changing_the_aggregation_recomputes_values_of_larger_areas(
    client, catalogue, small_counts
):
    Indicator.objects.filter(pk=small_counts.pk).update(aggregation="none")
    client.force_login(catalogue.analyst)
    client.post(
        reverse("indicators:edit", args=["not_employed"]),
        form_data(name="Ikke sysselsatt", aggregation="ratio"),
    )
    derived = Observation.objects.filter(is_derived=True, area=catalogue.municipality).get()
    assert (derived.numerator, derived.denominator, derived.value) == (42, 200, 21)


def test_changing_only_the_name_leaves_stored_values_alone(client, catalogue, small_counts):
    client.force_login(catalogue.analyst)
    client.post(
        reverse("indicators:edit", args=["not_employed"]),
        form_data(name="Nytt navn", suppression_threshold="3"),
    )
    assert Indicator.objects.get(pk=small_counts.pk).name == "Nytt navn"
    assert set(Observation.objects.values_list("suppression", flat=True)) == {""}
    assert not Observation.objects.filter(is_derived=True).exists()


def test_the_service_refuses_users_without_the_right(catalogue):
    with pytest.raises(PermissionDenied):
        save_indicator(catalogue.resident, form_data())
    assert not Indicator.objects.filter(code="low_income").exists()
