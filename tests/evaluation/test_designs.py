"""Creating and editing evaluation designs: the form starts from the programme, bad input is
refused with 400 and saves nothing, and only those who manage evaluations may change them."""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omradeloft.evaluation.models import EvaluationDesign, Method
from omradeloft.evaluation.services import create_design, update_design
from tests.evaluation.conftest import design_data

pytestmark = pytest.mark.django_db

MANAGERS = ["programme_admin", "evaluator", "analyst"]
READERS_ONLY = ["partner", "district_coordinator", "state_coordinator", "project_lead"]
REFUSED = ["resident", "outsider"]


def form_post(setup, **values) -> dict:
    return {
        "code": "employment",
        "name": "Sysselsetting",
        "name_en": "Employment",
        "outcomes": [setup.outcome.pk],
        "treated": "A01, A02, A03",
        "comparison_pool": "",
        "treatment_period": "2016",
        "methods": [Method.DID.value, Method.EVENT_STUDY.value],
        "predictors": "",
    } | values


def new_url(setup) -> str:
    return reverse("evaluation:design_new", args=[setup.programme.code])


def test_new_design_form_is_prefilled_from_the_programme(client, personas, did_programme):
    client.force_login(personas.evaluator)

    response = client.get(new_url(did_programme))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["treated"].value() == "A01, A02, A03"
    assert list(form["outcomes"].value()) == [did_programme.outcome.pk]
    assert form["treatment_period"].value() == "2017"
    assert 'value="A01, A02, A03"' in response.text or "A01, A02, A03</textarea>" in response.text


@pytest.mark.parametrize("username", MANAGERS)
def test_those_who_manage_evaluations_create_a_design(client, personas, did_programme, username):
    client.force_login(getattr(personas, username))

    response = client.post(new_url(did_programme), form_post(did_programme))

    design = EvaluationDesign.objects.get(programme=did_programme.programme, code="employment")
    assert response.status_code == 302
    assert response.url == reverse(
        "evaluation:design", args=[did_programme.programme.code, "employment"]
    )
    assert [a.code for a in design.treated.order_by("code")] == ["A01", "A02", "A03"]
    assert list(design.outcomes.all()) == [did_programme.outcome]
    assert design.methods == [Method.DID, Method.EVENT_STUDY]
    assert design.treatment_period == "2016"


def test_a_design_is_edited_through_its_form(client, personas, did_programme, did_design):
    client.force_login(personas.analyst)
    url = reverse("evaluation:design_edit", args=[did_programme.programme.code, "employment"])
    assert client.get(url).context["form"]["treated"].value() == "A01, A02, A03"
    predictors = [{"indicator": "employed", "periods": ["2010", "2011"], "op": "mean"}]

    response = client.post(
        url,
        form_post(
            did_programme,
            treated="A01",
            comparison_pool="A05 A06 A07",
            exclude_neighbours="on",
            methods=[Method.SYNTHETIC_CONTROL.value],
            predictors=json.dumps(predictors),
        ),
    )

    assert response.status_code == 302, response.context["form"].errors
    did_design.refresh_from_db()
    assert [a.code for a in did_design.treated.all()] == ["A01"]
    assert [a.code for a in did_design.comparison_pool.order_by("code")] == ["A05", "A06", "A07"]
    assert did_design.exclude_neighbours
    assert did_design.methods == [Method.SYNTHETIC_CONTROL]
    assert did_design.predictors == predictors


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("outcomes", ["999999"], "999999"),
        ("treated", "", "required"),
        ("treated", "A01, NOWHERE", "NOWHERE"),
        ("predictors", "[{indicator: 1}", "not valid JSON"),
        ("predictors", '[{"indicator": "employed", "periods": "2010"}]', "periods"),
        ("predictors", '[{"indicator": "missing", "periods": ["2010"]}]', "missing"),
        ("methods", ["did", "regression_discontinuity"], "regression_discontinuity"),
        ("comparison_pool", "A01 A04", "both treated"),
    ],
)
def test_bad_input_is_refused_with_400_and_creates_nothing(
    client, settings, personas, did_programme, field, value, message
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.evaluator)

    response = client.post(new_url(did_programme), form_post(did_programme, **{field: value}))

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not EvaluationDesign.objects.exists()


def test_a_second_design_with_the_same_code_is_refused(client, personas, did_programme, did_design):
    client.force_login(personas.evaluator)

    response = client.post(new_url(did_programme), form_post(did_programme, name="Andre"))

    assert response.status_code == 400
    assert "code" in response.context["form"].errors
    assert EvaluationDesign.objects.get().name == "Sysselsetting"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"methods": ["placebo_in_time"]}, "methods"),
        ({"methods": []}, "methods"),
        ({"treated": []}, "treated"),
        ({"outcomes": []}, "outcomes"),
        ({"predictors": {"indicator": "employed"}}, "predictors"),
        ({"code": "new"}, "code"),
        ({"treatment_period": " "}, "treatment_period"),
    ],
)
def test_the_service_refuses_invalid_designs(did_programme, values, field):
    with pytest.raises(ValidationError) as refused:
        create_design(None, did_programme.programme, design_data(did_programme, **values))

    assert field in refused.value.error_dict
    assert not EvaluationDesign.objects.exists()


def test_treated_areas_on_two_levels_are_refused(personas, did_programme, settings):
    settings.LANGUAGE_CODE = "en"
    data = design_data(did_programme, treated=[*did_programme.treated, personas.d1])

    with pytest.raises(ValidationError, match="one level"):
        create_design(None, did_programme.programme, data)


@pytest.mark.parametrize("username", READERS_ONLY + REFUSED)
def test_others_may_not_create_or_edit_designs(personas, did_programme, did_design, username):
    user = getattr(personas, username)

    with pytest.raises(PermissionDenied):
        create_design(user, did_programme.programme, design_data(did_programme, code="other"))
    with pytest.raises(PermissionDenied):
        update_design(user, did_design, design_data(did_programme, name="Endret"))

    assert EvaluationDesign.objects.get().name == "Sysselsetting"


@pytest.mark.parametrize("username", READERS_ONLY + REFUSED)
def test_form_pages_refuse_those_who_do_not_manage_evaluations(
    client, personas, did_programme, did_design, username
):
    client.force_login(getattr(personas, username))
    code = did_programme.programme.code
    edit = reverse("evaluation:design_edit", args=[code, "employment"])

    assert client.get(new_url(did_programme)).status_code == 403
    assert (
        client.post(new_url(did_programme), form_post(did_programme, code="x")).status_code == 403
    )
    assert client.get(edit).status_code == 403
    assert client.post(edit, form_post(did_programme, name="Endret")).status_code == 403
    assert EvaluationDesign.objects.get().name == "Sysselsetting"


@pytest.mark.parametrize("username", MANAGERS + READERS_ONLY)
def test_workspace_users_read_the_designs_and_a_design(client, personas, did_design, username):
    client.force_login(getattr(personas, username))
    code = did_design.programme.code

    listing = client.get(reverse("evaluation:designs", args=[code]))
    detail = client.get(reverse("evaluation:design", args=[code, did_design.code]))

    assert listing.status_code == detail.status_code == 200
    assert "Sysselsetting" in listing.text
    assert "A01" in detail.text
    may_manage = username in MANAGERS
    assert (reverse("evaluation:design_new", args=[code]) in listing.text) is may_manage
    assert (reverse("evaluation:design_run", args=[code, "employment"]) in detail.text) is (
        may_manage
    )


@pytest.mark.parametrize("username", REFUSED)
def test_residents_and_outsiders_are_refused_every_design_page(
    client, personas, did_design, username
):
    client.force_login(getattr(personas, username))
    code = did_design.programme.code

    for url in (
        reverse("evaluation:designs", args=[code]),
        reverse("evaluation:design", args=[code, "employment"]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, did_design):
    code = did_design.programme.code
    for url in (
        reverse("evaluation:designs", args=[code]),
        reverse("evaluation:design_new", args=[code]),
        reverse("evaluation:design", args=[code, "employment"]),
        reverse("evaluation:design_edit", args=[code, "employment"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_an_unknown_design_is_not_found(client, personas):
    client.force_login(personas.evaluator)

    response = client.get(reverse("evaluation:design", args=[personas.programme.code, "nope"]))

    assert response.status_code == 404
