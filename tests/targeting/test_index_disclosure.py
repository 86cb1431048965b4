"""Index scores pass disclosure control: the ranking, its CSV, an area's contributions, the
export command and the chart data withhold what rests on suppressed values, and the
attacks that recovered suppressed values from them fail."""

import csv
import io
import json
import math
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from omradeloft.indicators.models import Observation
from omradeloft.targeting.models import IndexScore
from tests.targeting.factories import write_spec
from tests.targeting.suppressed import printed, spellings, suppressed_cells, suppressed_statistics

pytestmark = pytest.mark.django_db

METHODS = ["zscore", "exponential_rank", "ratio_to_reference"]
COMPONENTS = ("mortality", "dropout")
WEIGHT = 0.5
PERIOD = "2024"


def spec(method, code="small"):
    found = {
        "code": code,
        "name": "Småområdeindeks",
        "level": "subdistrict",
        "method": method,
        "components": [{"indicator": c, "weight": WEIGHT} for c in COMPONENTS],
    }
    return found | ({"reference": "0999"} if method == "ratio_to_reference" else {})


@pytest.fixture(params=METHODS)
def indexed(request, personas, tmp_path):
    suppressed_statistics(personas, tmp_path)
    call_command("import_index", write_spec(tmp_path, spec(request.param)))
    call_command("compute_index", "small")
    personas.method = request.param
    return personas


def hidden_components(period=PERIOD):
    """{area: [component, ...]} of the component values suppressed in the period."""
    found = {}
    for area, cell_period, indicator in suppressed_cells():
        if cell_period == period and indicator in COMPONENTS:
            found.setdefault(area, []).append(indicator)
    return found


def published_values(period=PERIOD):
    return {
        (o.area.code, o.indicator.code): o.value
        for o in Observation.objects.public()
        .filter(period=period, indicator__code__in=[*COMPONENTS], area__level__code="subdistrict")
        .select_related("area", "indicator")
    }


def public_csv(client, code="small"):
    url = reverse("targeting:download", args=[code])
    text = client.get(url, {"period": PERIOD}).content.decode("utf-8-sig")
    return {row["area"]: row for row in csv.DictReader(io.StringIO(text))}


def number(cell):
    return None if cell in ("", ":", None) else float(cell)


def exact_scores():
    return {s.area.code: s for s in IndexScore.objects.filter(period=PERIOD).select_related("area")}


# --- (a) a suppressed component's contribution shown directly ------------------------------


def test_the_public_csv_withholds_a_suppressed_components_contribution(client, indexed):
    rows = public_csv(client)
    for area, components in hidden_components().items():
        for component in components:
            assert number(rows[area][component]) is None, (area, component)
        with translation.override("nb"):
            assert rows[area]["status"] == translation.gettext("suppressed")
    clean = [a for a in rows if a not in hidden_components()]
    assert all(number(rows[a][c]) is not None for a in clean for c in COMPONENTS)


# --- (b) score minus the published contributions, inverted through the method -------------


def invert(method, component, contribution, rows, values):
    """The value an attacker reads off a contribution of `component`, or None."""
    term = contribution / WEIGHT
    published = [
        (values[(area, component)], number(row[component]) / WEIGHT)
        for area, row in rows.items()
        if (area, component) in values and number(row[component]) is not None
    ]
    if method == "ratio_to_reference":
        reference = Observation.objects.get(
            area__code="0999", period=PERIOD, indicator__code=component
        ).value
        return term / 100 * reference
    if method == "zscore":  # the mean and std, from two published areas
        (x1, z1), (x2, z2) = [p for p in published if p[1] != published[0][1]][:1] + published[:1]
        std = (x1 - x2) / (z1 - z2)
        return x1 - z1 * std + term * std
    # exponential ranks: a contribution equal to a published one (a tie) gives its value
    tied = [x for x, t in published if math.isclose(t, term, abs_tol=1e-6)]
    return tied[0] if tied else None


def test_the_difference_attack_on_the_public_csv_recovers_no_suppressed_value(client, indexed):
    rows = public_csv(client)
    values = published_values()
    truth = suppressed_cells()
    tried = 0
    for area, components in hidden_components().items():
        if len(components) != 1:
            continue  # two unknowns in one score: the difference gives only their sum
        (component,) = components
        other = next(c for c in COMPONENTS if c != component)
        guess = number(rows[area]["score"]) - number(rows[area][other])
        recovered = invert(indexed.method, component, guess, rows, values)
        tried += 1
        if recovered is not None:
            assert not math.isclose(recovered, truth[(area, PERIOD, component)], abs_tol=0.05)
    assert tried >= 2  # Sørlia's and Sørås's mortality (0 of 2 and 0 of 120)


# --- (c) ties: a suppressed 0 tied with a published 0 --------------------------------------


def test_the_tie_attack_finds_no_published_contribution_equal_to_a_suppressed_one(client, indexed):
    rows = public_csv(client)
    published = {number(rows[a]["mortality"]) for a in rows if number(rows[a]["mortality"])}
    published.discard(None)
    sorlia = rows["0999020202"]  # mortality 0 of 2, suppressed; Sørvik's 0 of 150 is published
    assert number(sorlia["mortality"]) is None
    derived = number(sorlia["score"]) - number(sorlia["dropout"])
    assert not any(math.isclose(derived, p, abs_tol=1e-6) for p in published)


# --- (d) z-scores: the mean and std of other areas' contributions give it away --------------


def test_the_zscore_mean_attack_on_the_public_csv_recovers_no_suppressed_value(
    client, personas, tmp_path
):
    suppressed_statistics(personas, tmp_path)
    call_command("import_index", write_spec(tmp_path, spec("zscore")))
    call_command("compute_index", "small")
    rows = public_csv(client)
    values = published_values()
    # Dropout in 2024: Nordhagen's 60.0 and Nordlia's 9.0 are suppressed.
    pairs = [
        (values[(a, "dropout")], number(r["dropout"]) / WEIGHT)
        for a, r in rows.items()
        if (a, "dropout") in values and number(r["dropout"]) is not None
    ]
    (x1, z1), (x2, z2) = pairs[0], next(p for p in pairs if p[1] != pairs[0][1])
    std = (x1 - x2) / (z1 - z2)
    mean = x1 - z1 * std
    n = len(rows)
    total = n * mean - sum(x for x, _ in pairs)
    squares = n * (std**2 + mean**2) - sum(x * x for x, _ in pairs)
    spread = 2 * squares - total**2
    if spread >= 0:  # two unknowns from their sum and sum of squares
        found = sorted([(total - math.sqrt(spread)) / 2, (total + math.sqrt(spread)) / 2])
        assert found != pytest.approx([9.0, 60.0], abs=0.05)
    assert total != pytest.approx(69.0, abs=0.05)


# --- every other output --------------------------------------------------------------------


def row_of(html, area):
    """The table row linking to the area's explanation."""
    for row in re.findall(r"<tr>.*?</tr>", html, flags=re.S):
        if f"/areas/{area}/" in row:
            return row
    raise AssertionError(f"no row for {area}")


def figure(html, figure_id):
    found = re.search(rf'<script id="{figure_id}" type="application/json">(.*?)</script>', html)
    return json.loads(found.group(1))


@pytest.mark.parametrize("who", [None, "partner"])
def test_the_ranking_page_shows_scores_resting_on_suppressed_values_only_rounded(
    client, indexed, who
):
    if who:
        client.force_login(getattr(indexed, who))
    url = reverse("targeting:index", args=["small"])
    html = client.get(url, {"period": PERIOD}).content.decode()
    scores = exact_scores()
    trace = figure(html, "map-figure-data")["data"][0] if 'id="map-figure-data"' in html else None
    for area in hidden_components():
        exact = scores[area].score
        row = row_of(html, area)
        assert not any(printed(s, row) for s in spellings(exact)), area
        assert "≈" in row
        assert f">{scores[area].rank}<" in row  # the rank stays: it is the decision
        drawn = dict(zip(trace["locations"], trace["z"], strict=True)) if trace else {}
        if area in drawn:  # the map colours by the rounded score, never the exact one
            step = scores[area].score_step
            assert drawn[area] == pytest.approx(round(exact / step) * step)


def test_an_areas_contribution_page_withholds_its_suppressed_components(client, indexed):
    area = "0999020202"  # Sørlia: its mortality is suppressed
    url = reverse("targeting:explanation", args=["small", area])
    html = client.get(url, {"period": PERIOD}).content.decode()
    stored = exact_scores()[area]
    rows = re.findall(r"<tr>.*?</tr>", html, flags=re.S)
    mortality = next(r for r in rows if "Dødelighet" in r)
    assert ">:</abbr>" in mortality
    assert not any(printed(s, mortality) for s in spellings(stored.contributions["mortality"]))
    history = next(r for r in rows if f'<th scope="row">{PERIOD}</th>' in r)
    sentence = re.search(rf"<p>[^<]*{PERIOD}.*?</p>", html, flags=re.S).group(0)
    for shown in (history, sentence):
        assert "≈" in shown
        assert not any(printed(s, shown) for s in spellings(stored.score))
    chart = figure(html, "contributions-data")["data"][0]
    assert chart["x"][0] is None  # mortality: no bar
    assert chart["x"][1] == pytest.approx(stored.contributions["dropout"])


def test_the_export_command_writes_what_is_published_unless_an_analyst_asks(
    indexed, tmp_path, settings
):
    settings.LANGUAGE_CODE = "en"
    out = tmp_path / "small.csv"
    call_command("export_index", "small", "--period", PERIOD, "--output", str(out))
    public = {row["area"]: row for row in csv.DictReader(out.open())}
    scores = exact_scores()
    for area, components in hidden_components().items():
        assert all(public[area][c] == "" for c in components)
        step = float(public[area]["score_rounded_to"])
        assert float(public[area]["score"]) / step == pytest.approx(
            round(float(public[area]["score"]) / step)
        )
        assert abs(float(public[area]["score"]) - scores[area].score) <= step / 2 + 1e-9
        assert public[area]["status"] == "suppressed"
    call_command("export_index", "small", "--period", PERIOD, "--output", str(out), user="analyst")
    analyst = {row["area"]: row for row in csv.DictReader(out.open())}
    for area, components in hidden_components().items():
        assert float(analyst[area]["score"]) == pytest.approx(scores[area].score)
        assert all(analyst[area][c] != "" for c in components)
        assert analyst[area]["status"] == "not publishable"


def test_the_analyst_sees_exact_scores_and_contributions_marked(client, indexed, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(indexed.analyst)
    area = "0999020202"
    stored = exact_scores()[area]
    html = client.get(reverse("targeting:index", args=["small"]), {"period": PERIOD})
    row = row_of(html.content.decode(), area)
    assert f"{stored.score:.1f}" in row
    assert "not publishable" in row
    page = client.get(reverse("targeting:explanation", args=["small", area]), {"period": PERIOD})
    assert f"{stored.contributions['mortality']:.1f}" in page.content.decode()


@pytest.mark.parametrize("method", METHODS)
def test_no_published_areas_score_changes_when_a_suppressed_value_does(personas, tmp_path, method):
    suppressed_statistics(personas, tmp_path)
    call_command("import_index", write_spec(tmp_path, spec(method)))
    call_command("compute_index", "small")
    before = {s.area.code: (s.score, s.contributions) for s in IndexScore.objects.all()}
    hidden = hidden_components()
    for area, components in hidden.items():  # other values, still suppressed
        Observation.objects.filter(
            area__code=area, period=PERIOD, indicator__code__in=components
        ).update(value=77.7)
    call_command("compute_index", "small")
    after = {s.area.code: (s.score, s.contributions) for s in IndexScore.objects.all()}
    for area in after:
        if area not in hidden:
            assert after[area][0] == pytest.approx(before[area][0], abs=1e-9)
            assert after[area][1] == pytest.approx(before[area][1], abs=1e-6)


def test_scores_computed_before_indices_passed_disclosure_control_are_withheld(client, indexed):
    IndexScore.objects.update(score_step=None)
    rows = public_csv(client)
    assert all(number(row["score"]) is None for row in rows.values())
    assert all(number(row[c]) is None for row in rows.values() for c in COMPONENTS)
    assert [row["rank"] for row in rows.values()] == [str(r) for r in range(1, 9)]
    client.force_login(indexed.analyst)
    assert all(number(row["score"]) is not None for row in public_csv(client).values())
