"""``GET /v1/interventions/{id}/effect`` on the embedded system: counts of the targeted categories before and
during, in the area, its buffer ring and the rest of the municipality, and the measures built on them."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.integration.test_interventions_and_areas import SQUARE, area, auth, plan
from tests.support.system import System

TODAY = datetime.now(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
START = TODAY - timedelta(days=28)
PLACES = {"target": (59.305, 18.005), "buffer": (59.305, 18.0125), "rest": (59.40, 18.20)}  # ring: 400 m


def incidents(place: str, count: int, when: datetime, category: str = "graffiti") -> list[dict[str, Any]]:
    lat, lon = PLACES[place]
    times = [{"kind": "instant", "at": (when + timedelta(minutes=n)).isoformat()} for n in range(count)]
    return [{"category": category, "time": t, "location": {"point": {"lat": lat, "lon": lon}}} for t in times]


def seeded(system: System) -> tuple[str, str]:
    admin = system.add_partner("0180", "kommunen", role="admin")
    assert (
        system.client.post("/v1/areas", json=area("torget", SQUARE), headers=auth(admin)).status_code == 200
    )
    before, during = START - timedelta(days=10), START + timedelta(days=5)
    counts = {"target": (12, 3), "buffer": (4, 6), "rest": (20, 21)}
    reported = [
        i
        for place, (b, d) in counts.items()
        for i in incidents(place, b, before) + incidents(place, d, during)
    ]
    reported += incidents("target", 5, during, "littering")  # not targeted: not counted
    assert (
        system.client.post("/v1/reports", json={"incidents": reported}, headers=auth(admin)).status_code
        == 202
    )
    body = plan(place={"area_id": "torget"}, start=START.date().isoformat(), targeted_categories=["graffiti"])
    created = system.client.post("/v1/interventions", json=body, headers=auth(admin))
    assert created.status_code == 201, created.text
    system.relay.drain()
    return admin, created.json()["id"]


def test_the_effect_counts_area_buffer_and_rest_and_judges_honestly(system: System) -> None:
    admin, ident = seeded(system)
    answer = system.client.get(f"/v1/interventions/{ident}/effect", headers=auth(admin))
    assert answer.status_code == 200, answer.text
    effect = answer.json()
    assert effect["counts"] == {"target": {"before": 12, "during": 3}, "buffer": {"before": 4, "during": 6},
                                "comparison": {"before": 20, "during": 21}}  # fmt: skip
    assert effect["during"] == {"first": START.date().isoformat(), "last": TODAY.date().isoformat()}
    assert effect["before"]["first"] == (START - timedelta(days=29)).date().isoformat()
    assert effect["wdd"] == (3 - 12) - (21 - 20) + (6 - 4) - (21 - 20)
    assert effect["standard_error"] == round(math.sqrt(12 + 3 + 4 + 6 + 2 * (20 + 21)), 3)
    assert (effect["verdict"], effect["text"]) == ("no sign of effect", "inga tecken på effekt")
    narrow = system.client.get(f"/v1/interventions/{ident}/effect?buffer_m=50", headers=auth(admin)).json()
    assert narrow["counts"]["buffer"] == {"before": 0, "during": 0}  # 140 m out: beyond a 50 m ring


def test_another_tenant_sees_no_such_intervention_and_a_pointless_one_is_refused(system: System) -> None:
    admin, ident = seeded(system)
    other = system.add_partner("0380", "kommunen", role="admin")
    assert system.client.get(f"/v1/interventions/{ident}/effect", headers=auth(other)).status_code == 404
    placed = plan(place={"point": {"lat": 59.305, "lon": 18.005}}, start=START.date().isoformat())
    by_point = system.client.post("/v1/interventions", json=placed, headers=auth(admin)).json()["id"]
    system.relay.drain()
    refused = system.client.get(f"/v1/interventions/{by_point}/effect", headers=auth(admin))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["code"] == "not_measurable"
