"""Editing a programme's target areas: by hand, or picked from a classification's result."""

import datetime

import pytest
from django.urls import reverse

from omradeloft.programmes.models import TargetArea
from tests.factories import make_area
from tests.programmes.test_edit_access import make_classification


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


def target(personas, area, reason="Levekår"):
    return TargetArea.objects.create(
        programme=personas.programme, area=area, reason=reason, chosen_on=datetime.date(2017, 1, 1)
    )


def test_programme_admin_targets_an_area_by_its_code(client, personas):
    client.force_login(personas.programme_admin)
    data = {"area_code": "0999010101", "reason": "Høy andel lavinntekt", "chosen_on": "2017-03-01"}
    assert client.post(url(personas, "edit_target_areas"), data).status_code == 302
    chosen = TargetArea.objects.get()
    assert chosen.area == personas.s11
    assert (chosen.reason, str(chosen.chosen_on)) == ("Høy andel lavinntekt", "2017-03-01")
    assert chosen.chosen_by == personas.programme_admin
    assert chosen.classification is None


def test_state_coordinator_targets_an_area_chosen_from_the_list(client, personas):
    client.force_login(personas.state_coordinator)
    data = {"area": personas.d2.pk, "reason": "Bydelen ba om det", "chosen_on": "2017-03-01"}
    assert client.post(url(personas, "edit_target_areas"), data).status_code == 302
    assert TargetArea.objects.get().area == personas.d2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"area_code": "nowhere"}, "There is no area with the code(s) nowhere"),
        ({}, "Give an area code or choose an area"),
        ({"area_code": "099901", "reason": ""}, "This field is required"),
        ({"area_code": "099901", "chosen_on": ""}, "This field is required"),
        ({"area_code": "099901", "area": "PK_D2"}, "The code and the chosen area differ"),
    ],
)
def test_bad_target_area_input_is_refused_and_nothing_is_added(
    client, personas, settings, data, message
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    base = {"reason": "Levekår", "chosen_on": "2017-01-01"}
    if data.get("area") == "PK_D2":
        data = data | {"area": personas.d2.pk}
    response = client.post(url(personas, "edit_target_areas"), base | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not TargetArea.objects.exists()


def test_an_area_already_targeted_is_refused_by_hand(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    target(personas, personas.s11)
    client.force_login(personas.programme_admin)
    data = {"area_code": "0999010101", "reason": "Igjen", "chosen_on": "2020-01-01"}
    response = client.post(url(personas, "edit_target_areas"), data)
    assert response.status_code == 400
    assert "Nordhagen (0999010101) is already a target area of the programme" in (
        response.content.decode()
    )
    assert TargetArea.objects.get().reason == "Levekår"


def test_a_target_area_is_removed(client, personas):
    chosen = target(personas, personas.s11)
    client.force_login(personas.municipal_coordinator)
    assert client.post(url(personas, "edit_target_area_remove", chosen.pk)).status_code == 302
    assert not TargetArea.objects.exists()


def test_picking_from_a_classification_stores_the_link_and_the_reason(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    nordlia = make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    run = make_classification([personas.s11, nordlia, personas.s21], name="Levekårsutsatt")
    client.force_login(personas.programme_admin)
    pick_url = url(personas, "edit_target_areas_pick") + f"?run={run.pk}"
    page = client.get(pick_url)
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("Nordhagen", "Nordlia", "Sørhagen", "rank 2"):
        assert name in text
    reason = page.context["form"]["reason"].value()
    assert "Levekårsutsatt" in reason
    assert "2024" in reason
    response = client.post(
        pick_url,
        {"areas": [personas.s11.pk, nordlia.pk], "reason": reason + " Tatt med.", "chosen_on": ""},
    )
    assert response.status_code == 400  # the date is required
    assert not TargetArea.objects.exists()
    response = client.post(
        pick_url,
        {"areas": [personas.s11.pk, nordlia.pk], "reason": reason, "chosen_on": "2024-05-01"},
    )
    assert response.status_code == 302
    picked = TargetArea.objects.order_by("area__code")
    assert [t.area for t in picked] == [personas.s11, nordlia]
    assert all(t.classification == run for t in picked)
    assert all(t.reason == reason for t in picked)
    assert all(t.chosen_by == personas.programme_admin for t in picked)
    assert all(str(t.chosen_on) == "2024-05-01" for t in picked)


def test_picking_an_area_already_targeted_reports_it_and_adds_no_duplicate(
    client, personas, settings
):
    settings.LANGUAGE_CODE = "en"
    target(personas, personas.s11, reason="Valgt for hånd")
    run = make_classification([personas.s11, personas.s21])
    client.force_login(personas.programme_admin)
    pick_url = url(personas, "edit_target_areas_pick") + f"?run={run.pk}"
    data = {
        "areas": [personas.s11.pk, personas.s21.pk],
        "reason": "Fra klassifiseringen",
        "chosen_on": "2024-05-01",
    }
    response = client.post(pick_url, data, follow=True)
    text = response.content.decode()
    assert "Added as target areas: Sørhagen (0999020201)" in text
    assert "Already target areas, so not added again: Nordhagen (0999010101)" in text
    assert TargetArea.objects.count() == 2
    assert TargetArea.objects.get(area=personas.s11).reason == "Valgt for hånd"


def test_picking_nothing_or_an_area_the_run_did_not_select_is_refused(client, personas):
    run = make_classification([personas.s11])
    client.force_login(personas.programme_admin)
    pick_url = url(personas, "edit_target_areas_pick") + f"?run={run.pk}"
    base = {"reason": "x", "chosen_on": "2024-05-01"}
    assert client.post(pick_url, base).status_code == 400
    assert client.post(pick_url, base | {"areas": [personas.s21.pk]}).status_code == 400
    assert not TargetArea.objects.exists()


def test_the_pick_page_first_asks_for_a_classification(client, personas):
    make_classification([personas.s11])
    client.force_login(personas.programme_admin)
    page = client.get(url(personas, "edit_target_areas_pick"))
    assert page.status_code == 200
    assert page.context["run"] is None
    assert client.get(url(personas, "edit_target_areas_pick") + "?run=999").status_code == 400


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_target_areas(client, personas, persona):
    chosen = target(personas, personas.s11)
    run = make_classification([personas.s21])
    client.force_login(getattr(personas, persona))
    data = {"area_code": "099902", "reason": "x", "chosen_on": "2024-01-01"}
    assert client.post(url(personas, "edit_target_areas"), data).status_code == 403
    pick_url = url(personas, "edit_target_areas_pick") + f"?run={run.pk}"
    assert client.post(pick_url, data | {"areas": [personas.s21.pk]}).status_code == 403
    assert client.post(url(personas, "edit_target_area_remove", chosen.pk)).status_code == 403
    assert list(TargetArea.objects.all()) == [chosen]


def test_anonymous_visitors_are_sent_to_log_in_from_target_areas(client, personas):
    data = {"area_code": "099902", "reason": "x", "chosen_on": "2024-01-01"}
    response = client.post(url(personas, "edit_target_areas"), data)
    assert response.status_code == 302
    assert not TargetArea.objects.exists()
