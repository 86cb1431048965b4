"""Editing index and rule specifications on the web, computing and applying them."""

import json

import pytest
from django.urls import reverse

from omradeloft.targeting.models import ClassificationRule, IndexDefinition, IndexScore
from tests.targeting.factories import SPEC

RULE = {"code": "worst", "name": "Verst", "kind": "top_n", "params": {"n": 1}, "index": "hardship"}


def post_spec(client, url, spec):
    text = spec if isinstance(spec, str) else json.dumps(spec)
    return client.post(url, {"spec": text})


@pytest.mark.parametrize("url_name", ["targeting:index_new", "targeting:rule_new"])
def test_editors_are_for_statistics_managers(client, statistics, url_name):
    url = reverse(url_name)
    assert client.get(url).status_code == 302  # to log in
    client.force_login(statistics.resident)
    assert client.get(url).status_code == 403
    client.force_login(statistics.analyst)
    assert client.get(url).status_code == 200


def test_an_index_is_created_computed_and_a_rule_applied_on_the_web(client, statistics):
    client.force_login(statistics.analyst)
    response = post_spec(client, reverse("targeting:index_new"), SPEC)
    assert response.status_code == 302
    response = client.post(reverse("targeting:index_compute", args=["hardship"]))
    assert response.status_code == 302
    assert IndexScore.objects.filter(definition__code="hardship").count() == 6
    post_spec(client, reverse("targeting:rule_new"), RULE)
    response = client.post(reverse("targeting:rule_apply", args=["worst"]), {"period": "2024"})
    assert response.status_code == 302
    assert ClassificationRule.objects.get().runs.get().areas.count() == 1


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", "Not valid JSON"),
        ("[1, 2]", "must be a JSON object"),
        (json.dumps(SPEC | {"method": "magic"}), "unknown method"),
        (json.dumps(SPEC | {"code": "new"}), "address of one of the targeting pages"),
    ],
)
def test_bad_specifications_are_refused_and_nothing_is_saved(
    client, statistics, text, message, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(statistics.analyst)
    response = post_spec(client, reverse("targeting:index_new"), text)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert IndexDefinition.objects.count() == 0


def test_editing_keeps_the_code(client, statistics, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(statistics.analyst)
    post_spec(client, reverse("targeting:index_new"), SPEC)
    url = reverse("targeting:index_edit", args=["hardship"])
    assert json.loads(client.get(url).context["form"].initial["spec"])["code"] == "hardship"
    response = post_spec(client, url, SPEC | {"code": "other"})
    assert response.status_code == 400
    assert "The code must stay hardship" in response.content.decode()
    assert post_spec(client, url, SPEC | {"name": "Nytt"}).status_code == 302
    assert IndexDefinition.objects.get().name == "Nytt"


def test_computing_and_applying_need_a_post_and_the_right(client, statistics):
    client.force_login(statistics.analyst)
    post_spec(client, reverse("targeting:index_new"), SPEC)
    assert client.get(reverse("targeting:index_compute", args=["hardship"])).status_code == 405
    client.force_login(statistics.partner)
    response = client.post(reverse("targeting:index_compute", args=["hardship"]))
    assert response.status_code == 403
    assert IndexScore.objects.count() == 0


def test_applying_before_computing_says_what_to_do(client, statistics, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(statistics.analyst)
    post_spec(client, reverse("targeting:index_new"), SPEC)
    post_spec(client, reverse("targeting:rule_new"), RULE)
    response = client.post(
        reverse("targeting:rule_apply", args=["worst"]), {"period": "2024"}, follow=True
    )
    assert "run compute-index first" in response.content.decode()
