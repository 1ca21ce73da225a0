"""``GET /v1/interventions/{id}/effect`` on the embedded system, on exact counts: the verdict follows the
comparison's trend (a season moves every place alike), the comparison is chosen among the tenant's other
areas by how their weeks before moved, an unfair one is said to be so, and the same periods a year
earlier are shown once the data reaches back."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.integration.reporting.effects.scenarios import OTHERS, SCENARIOS, START, Scenario, seeded
from tests.support.payloads import plan
from tests.support.system import System, auth


@pytest.fixture(scope="module")
def measured(module_system: System, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    admin, interventions = seeded(module_system, tmp_path_factory.mktemp("history"))
    answers = {c: module_system.client.get(f"/v1/interventions/{i}/effect", headers=auth(admin))
               for c, i in interventions.items()}  # fmt: skip
    assert all(a.status_code == 200 for a in answers.values()), [a.text for a in answers.values()]
    return {c: a.json() for c, a in answers.items()}


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.category)
def test_the_verdict_follows_the_comparisons_trend_not_its_size(
    measured: dict[str, dict[str, Any]], scenario: Scenario
) -> None:
    effect = measured[scenario.category]
    assert effect["counts"]["target"] == {"before": scenario.target[0], "during": scenario.target[1]}
    assert effect["counts"]["buffer"] == {"before": scenario.ring[0], "during": scenario.ring[1]}
    assert effect["counts"]["comparison"] == {
        "before": 5 * scenario.others[0],
        "during": 5 * scenario.others[1],
    }
    assert (effect["verdict"], effect["decided_by"]) == (scenario.verdict, "relative_effect")
    assert effect["comparison"]["kind"] == "areas"
    assert sorted(p["id"] for p in effect["comparison"]["places"]) == OTHERS
    assert effect["comparison"]["fair"] == (not scenario.rising_before)


def test_the_relative_effect_its_interval_and_what_was_avoided(measured: dict[str, dict[str, Any]]) -> None:
    fell = measured["vandalism"]  # 40 → 12 while the comparison held
    relative = fell["relative_effect"]
    assert (relative["ratio"], relative["percent"], relative["expected"], relative["avoided"]) == (
        0.3,
        -70.0,
        40,
        28,
    )
    assert relative["interval"][1] < 1
    assert fell["dispersion"] == 1.0  # the weeks before were as even as counts get
    assert fell["comparison"]["why"].startswith("5 av 5 områden som inte rör buffertzonen")
    assert fell["text"] == "verkar ha effekt"
    assert fell["year_earlier"]["counts"]["target"] == {"before": 0, "during": 0}
    assert fell["year_earlier"]["relative_effect"] is None  # no vandalism a year earlier
    season = measured["littering"]  # everything rose 60 %: the scaled WDD sees no change either
    assert season["relative_effect"]["ratio"] == 1.0
    assert season["wdd"] == pytest.approx(0, abs=1e-6)
    assert season["wdq"] is None
    earlier = season["year_earlier"]  # the same rise a year before: it was the season
    assert earlier["counts"]["target"] == {"before": 20, "during": 32}
    assert earlier["counts"]["comparison"] == {"before": 5 * 40, "during": 5 * 64}
    assert earlier["relative_effect"]["ratio"] == 1.0
    assert (
        earlier["before"]["first"]
        == (date.fromisoformat(season["before"]["first"]) - timedelta(days=364)).isoformat()
    )


def test_a_named_comparison_is_used_and_a_wrong_one_refused(module_system: System) -> None:
    system = module_system
    admin = system.add_partner("0180", "kommunen", role="admin")
    ident = system.client.get("/v1/interventions", headers=auth(admin)).json()["interventions"][0]["id"]
    named = system.client.get(f"/v1/interventions/{ident}/effect?comparison=omrade-0", headers=auth(admin))
    assert named.status_code == 200
    assert [p["id"] for p in named.json()["comparison"]["places"]] == ["omrade-0"]
    assert named.json()["comparison"]["kind"] == "named"
    for wrong, field in (("torget", "query.comparison"), ("nowhere", "query.comparison")):
        refused = system.client.get(
            f"/v1/interventions/{ident}/effect?comparison={wrong}", headers=auth(admin)
        )
        assert refused.status_code == 422
        assert (refused.json()["errors"][0]["field"], refused.json()["errors"][0]["code"]) == (
            field,
            "not_measurable",
        )


def test_another_tenant_sees_no_such_intervention_and_a_pointless_one_is_refused(
    module_system: System,
) -> None:
    system = module_system
    admin = system.add_partner("0180", "kommunen", role="admin")
    listed = system.client.get("/v1/interventions", headers=auth(admin)).json()["interventions"]
    # The module's system is seeded by whichever of its tests runs first on this worker.
    ident = listed[0]["id"] if listed else next(iter(seeded(system)[1].values()))
    other = system.add_partner("0380", "kommunen", role="admin")
    assert system.client.get(f"/v1/interventions/{ident}/effect", headers=auth(other)).status_code == 404
    placed = plan(place={"point": {"lat": 59.305, "lon": 18.005}}, start=START.isoformat())
    by_point = system.client.post("/v1/interventions", json=placed, headers=auth(admin)).json()["id"]
    system.relay.drain()
    refused = system.client.get(f"/v1/interventions/{by_point}/effect", headers=auth(admin))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "not_measurable"
