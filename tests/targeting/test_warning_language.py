"""Early-warning reasons and the reason trends were not judged read in the viewer's
language: the engine gives codes with numbers, the page words them."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Observation
from tests.indicators.factories import write_csv
from tests.targeting import test_warning_disclosure
from tests.targeting.factories import rank_and_classify

pytestmark = pytest.mark.django_db

# Nordhagen's mortality slides on values that only an analyst sees.
sliding = test_warning_disclosure.sliding


@pytest.fixture
def slid_rank(statistics, tmp_path):
    rank_and_classify(tmp_path, ("2023", "2024"))
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
    call_command("compute_index", "hardship")
    return statistics


def reasons_on_page(client, code: str, query: dict) -> tuple[dict, str]:
    response = client.get(reverse("targeting:warnings", args=[code]), query)
    assert response.status_code == 200
    flags = {area.code: reasons for area, reasons, _ in response.context["flags"]}
    return flags, response.content.decode()


def test_a_bokmal_warning_page_words_a_rank_reason_in_bokmal(client, slid_rank):
    flags, html = reasons_on_page(client, "hardship", {"places": 2, "periods": 1})
    assert flags["0999020201"] == ["rangering 3 → 1 over 1 perioder"]
    assert "rangering 3 → 1 over 1 perioder" in html
    assert "over 1 periods" not in html


def test_an_english_warning_page_words_the_same_reason_in_english(client, slid_rank):
    client.cookies["django_language"] = "en"
    flags, _ = reasons_on_page(client, "hardship", {"places": 2, "periods": 1})
    assert flags["0999020201"] == ["rank 3 → 1 over 1 periods"]


def test_a_bokmal_warning_page_words_a_trend_reason_in_bokmal_with_a_decimal_comma(client, sliding):
    client.force_login(sliding.analyst)
    flags, html = reasons_on_page(client, "mortality", {"k": 1, "window": 8, "places": 50})
    reason = flags["0999010101"][0]
    assert reason.startswith("mortality stiger ")
    assert " per periode (" in reason
    assert "," in reason.split(" per periode")[0]  # the slope has a decimal comma
    assert "rising" not in html
    assert "per period (" not in html


def test_a_bokmal_warning_page_says_in_bokmal_why_trends_were_not_judged(client, sliding):
    # The public sees values until 2019 (complementary suppression hides the rest): without
    # the city's values from 2018 on, the window 2016-2019 holds too few of them.
    Observation.objects.filter(area__parent__isnull=True, period__gte="2018").delete()
    _, html = reasons_on_page(client, "mortality", {"k": 1, "window": 4})
    assert "byen: 2 verdi(er) av mortality i vinduet 2016–2019; trenger minst 4" in html
    assert "need at least" not in html
