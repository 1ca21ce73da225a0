"""The quarterly analysis on the warehouse, every number against a count made here: the quarter against
the four before it area by area, the phenomena, and the priority areas ranked by the stated rule, their
rises shrunk as Marshall (1991) describes."""

from __future__ import annotations

import math
import uuid
from datetime import UTC, date, datetime, timedelta

from scipy.stats import gamma

from embrace.contracts import Alert, EnrichedReport, SafetySurveyResult
from embrace.naming import Names
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.aggregate.current import CurrentIncidents
from services.aggregate.sinks import ALERTS, SURVEY_RESULTS
from services.enrich.enrichment import EnrichContext
from services.reporting.quarterly.page import render_quarterly
from services.reporting.quarterly.quarters import before, days
from services.reporting.quarterly.report import quarterly_report
from tests.support.builders import incident, report
from tests.support.enriching import enrich_one
from tests.support.system import System

QUARTER = "2026-Q2"
NOW = datetime(2026, 8, 1, tzinfo=UTC)


def seed(
    warehouse: Warehouse, context: EnrichContext, area: str, category: str, quarter: str, n: int
) -> None:
    first = datetime.combine(days(quarter)[0], datetime.min.time(), UTC)
    times = [first + timedelta(hours=14, minutes=m) for m in range(n)]
    made = report(*(incident(category, at=t, area_id=area) for t in times), tenant="0180", channel="import",
                  occurred=NOW)  # fmt: skip
    enriched = [e.value for e in enrich_one(made, context) if isinstance(e.value, EnrichedReport)]
    CurrentIncidents(warehouse).write_reports(enriched)


def alert_in(area: str) -> Alert:
    return Alert(event_id=uuid.uuid4(), tenant="0180", occurred=NOW, published=NOW, rule="spike",
                 severity="warning", week="2026-W20", area_id=area, category="graffiti", observed=9,
                 expected=1, message=f"graffiti i {area}")  # fmt: skip


def unsafe_share(area: str, value: float) -> SafetySurveyResult:
    return SafetySurveyResult(event_id=uuid.uuid4(), tenant="0180", occurred=NOW, published=NOW,
                              survey="Trygghet", area_id=area, period_start=date(2026, 4, 1),
                              period_end=date(2026, 5, 31), indicator="otrygg", measure="share", value=value,
                              respondents=100)  # fmt: skip


def shrunk_rise(observed: list[int], expected: list[float], area: int) -> tuple[float, float]:
    """Marshall's (1991) empirical Bayes rate ratio of one area, and the low end of its 90 % interval."""
    mean = sum(observed) / sum(expected)
    known = [(o, e) for o, e in zip(observed, expected, strict=True) if e]
    spread = sum(e * (o / e - mean) ** 2 for o, e in known) / sum(e for _, e in known)
    variance = spread - mean / (sum(e for _, e in known) / len(known))
    shape, rate = mean**2 / variance, mean / variance
    posterior = gamma(shape + observed[area], scale=1 / (rate + expected[area]))
    return posterior.mean(), posterior.ppf(0.05)


def test_the_quarter_area_by_area_and_the_areas_that_need_extra_effort(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    for quarter in before(QUARTER, 4):
        seed(warehouse, enrich_context, "torget", "graffiti", quarter, 4)
        seed(warehouse, enrich_context, "hamnen", "littering", quarter, 10)
    seed(warehouse, enrich_context, "torget", "graffiti", QUARTER, 24)
    seed(warehouse, enrich_context, "hamnen", "littering", QUARTER, 10)
    seed(warehouse, enrich_context, "stranden", "vandalism", QUARTER, 3)
    ALERTS.writer(warehouse)([alert_in("torget")])
    SURVEY_RESULTS.writer(warehouse)([unsafe_share("torget", 0.4), unsafe_share("hamnen", 0.2)])

    analysis = quarterly_report(warehouse, "0180", QUARTER, NOW.date())
    assert analysis["totals"] == {"incidents": 37, "expected": 14.0, "same_quarter_last_year": 14,
                                  "usual": [7, 23]}  # fmt: skip
    phenomena = [(p["category"], p["incidents"]) for p in analysis["phenomena"]]
    assert phenomena == [("graffiti", 24), ("littering", 10), ("vandalism", 3)]
    torget, hamnen = analysis["priorities"]
    # Torget, hamnen, stranden: 24, 10 and 3 against 4, 10 and 0 a quarter before, at a rate per day
    # (91 days now, 365 in the four quarters before).
    rise, low = shrunk_rise([24, 10, 3], [16 * 91 / 365, 40 * 91 / 365, 0.0], 0)
    assert (torget["area"], torget["incidents"], torget["expected"]) == ("torget", 24, 4.0)
    assert (torget["change"], torget["change_low"]) == (round(rise, 3), round(low, 3))
    assert 4 < rise < 6  # six times by its counts, drawn towards the tenant's 2.6
    assert torget["score"] == round(10 * 24 / 37 + 3 * math.log2(low) + 1 + 1, 2)
    assert [r["reason"] for r in torget["reasons"]] == ["level", "rising", "alerts", "safety"]
    assert (hamnen["area"], hamnen["score"]) == ("hamnen", round(10 * 10 / 37, 2))
    assert "stranden" in {a["area"] for a in analysis["areas"]}  # shown, but under 5: not ranked
    patterns = {"consecutive": 2, "cold new": 1}
    analysis["emerging"] = {"tested": True, "areas": [{"area": "torget", "patterns": patterns}]}
    page = render_quarterly(analysis, Taxonomy.load(), "sv", Names("Stockholm", {"torget": "Stortorget"}))
    assert "Kvartalsanalys 2026-Q2" in page
    assert "<li><b>Stortorget</b>" in page  # areas by their names, and patterns in the page's language
    assert "<td>Stortorget</td><td>2 × i följd, 1 × ny (kall fläck)</td>" in page
    assert f"ökar {round(100 * (rise - 1))} % (minst {round(100 * (low - 1))} %)" in page
    assert "eftermiddag: 37" in page  # every incident on one afternoon, said in Swedish


def test_the_total_has_a_usual_range_once_three_quarters_show_how_far_quarters_vary(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    for n, quarter in zip((8, 14, 11, 12), [*before(QUARTER, 3), QUARTER], strict=True):
        seed(warehouse, enrich_context, "torget", "graffiti", quarter, n)
    three_before = quarterly_report(warehouse, "0180", QUARTER, NOW.date())["totals"]
    two_before = quarterly_report(warehouse, "0180", before(QUARTER, 1)[0], NOW.date())["totals"]
    low, high = three_before["usual"]
    assert low <= 12 <= high
    assert (two_before["expected"], two_before["usual"]) == (round(22 * 90 / 184, 1), None)


def test_a_tenant_is_compared_only_with_the_days_it_was_reporting(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    seed(warehouse, enrich_context, "torget", "graffiti", QUARTER, 20)  # its first quarter: nothing before
    alone = quarterly_report(warehouse, "0180", QUARTER, NOW.date())
    # Nothing to expect from, and a 0 a year ago would say that nothing happened then
    assert (alone["compared_with"], alone["totals"]["usual"]) == ([], None)
    assert (alone["totals"]["expected"], alone["totals"]["same_quarter_last_year"]) == (None, None)
    assert (alone["areas"][0]["expected"], alone["areas"][0]["same_quarter_last_year"]) == (None, None)
    assert [r["reason"] for r in alone["priorities"][0]["reasons"]] == ["level"]  # not "rising" from zero
    page = render_quarterly(alone, Taxonomy.load(), "sv", Names("Sthlm"))
    assert "Inga tidigare kvartal att jämföra med" in page
    assert (
        '<td>torget</td><td class="n">20</td><td class="n">–</td>\n<td class="n">–</td><td class="n">–</td>'
        in page
    )
    early = report(incident("graffiti", at=datetime(2026, 8, 12, 14, tzinfo=UTC), area_id="torget"),
                   tenant="0180", channel="import", occurred=datetime(2026, 8, 14, tzinfo=UTC))  # fmt: skip
    CurrentIncidents(warehouse).write_reports(
        [e.value for e in enrich_one(early, enrich_context) if isinstance(e.value, EnrichedReport)]
    )
    # On Saturday 15 August the running week is not reported yet: Q3 is read to Sunday 9 August.
    running = quarterly_report(warehouse, "0180", "2026-Q3", date(2026, 8, 15))
    assert "2026-07-01–2026-08-09 (hittills)" in render_quarterly(
        running, Taxonomy.load(), "sv", Names("Sthlm")
    )
    assert running["compared_with"] == [QUARTER]
    assert running["totals"]["expected"] == round(20 * 40 / 91, 1)  # Q2's rate over the 40 days reported
    assert running["totals"]["incidents"] == 0  # the incident of the running week is not read yet
    assert running["totals"]["usual"] is None  # one quarter cannot tell how far quarters vary
    page = render_quarterly(running, Taxonomy.load(), "sv", Names("Sthlm"))
    assert f"(väntat {str(running['totals']['expected']).replace('.', ',')}, samma kvartal i fjol –)" in page
    assert quarterly_report(warehouse, "0180", "2026-Q3", date(2026, 8, 17))["totals"]["incidents"] == 1


def test_the_api_answers_json_or_a_page_and_refuses_a_malformed_quarter_or_one_to_come(
    system: System,
) -> None:
    key = system.add_partner("0180", "kommunen")
    headers = {"X-API-Key": key}
    body = system.client.get("/v1/situation/quarterly?quarter=2026-Q2", headers=headers).json()
    assert (body["quarter"], body["totals"]["incidents"]) == ("2026-Q2", 0)
    page = system.client.get(
        "/v1/situation/quarterly?quarter=2026-Q2", headers={**headers, "Accept": "text/html"}
    )
    assert "Kvartalsanalys 2026-Q2" in page.text
    earliest = system.client.get("/v1/situation/quarterly?quarter=1970-Q1", headers=headers)
    assert earliest.status_code == 200  # the quarters it is compared with lie before 1970
    for quarter in ("2026-Q5", "0000-Q1", "2100-Q1"):  # the fuzzer found the year 0 a server error once
        refused = system.client.get(f"/v1/situation/quarterly?quarter={quarter}", headers=headers)
        assert refused.status_code == 422, quarter
        assert refused.json()["errors"][0]["field"] == "query.quarter"
    to_come = system.client.get("/v1/situation/quarterly?quarter=2099-Q4", headers=headers)
    assert (to_come.status_code, to_come.json()["errors"][0]["code"]) == (422, "quarter_not_begun")
    assert to_come.json()["errors"][0]["message"].startswith("Kvartalet 2099-Q4 har inte börjat")


def test_an_analysis_for_readers_beyond_the_tenant_hides_small_counts(
    warehouse: Warehouse, enrich_context: EnrichContext
) -> None:
    seed(warehouse, enrich_context, "torget", "graffiti", QUARTER, 6)
    seed(warehouse, enrich_context, "hamnen", "littering", QUARTER, 1)
    analysis = quarterly_report(warehouse, "0180", QUARTER, NOW.date())
    page = render_quarterly(analysis, Taxonomy.load(), "sv", Names("Stockholm"), protect=True)
    phenomena = page.split("Vanligaste företeelser")[1].split("</table>")[0]
    assert ">&lt; 3</td>" in phenomena  # the one littering
    assert ">–</td>" in phenomena  # and graffiti, else the total would give it away
    assert ">1</td>" not in page
    assert "snitt 4 kv" not in page
