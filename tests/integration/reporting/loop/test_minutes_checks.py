"""Minutes name only what the tenant has: a decision's problem, a priority's area, problem and categories,
a task's organisation, area, problem and intervention. Anything else is refused, each fault named by its
field, and nothing of the minutes is recorded."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from services.reporting.quarterly.quarters import last_quarter
from tests.support.payloads import area, weeks_ago
from tests.support.system import System, auth

STRANGER = str(uuid.uuid4())  # a problem no tenant has, as another tenant's looks from here


def test_the_weekly_minutes_refuse_a_decision_about_a_problem_the_tenant_does_not_have(
    system: System,
) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    week = weeks_ago(0).label
    minutes = {"decisions": [{"text": "Fler vuxna ute", "problem_id": STRANGER}]}
    refused = system.client.post(f"/v1/meetings/weekly/{week}", json=minutes, headers=auth(key))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["decisions.0.problem_id"]
    assert system.client.get(f"/v1/meetings/weekly/{week}", headers=auth(key)).json()["minutes"] is None


def test_the_quarterly_minutes_refuse_a_priority_about_a_problem_or_category_unknown(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    system.client.post("/v1/areas", json=area("torget"), headers=auth(key))
    quarter = last_quarter(datetime.now(UTC))
    priority = {"area_id": "torget", "reason": "Stökigt", "problem_id": STRANGER,
                "categories": ["disturbing_groups", "safety_walk", "no_such_thing"]}  # fmt: skip
    refused = system.client.post(
        f"/v1/meetings/quarterly/{quarter}", json={"priorities": [priority]}, headers=auth(key)
    )
    assert refused.status_code == 422, refused.text
    fields = [e["field"] for e in refused.json()["errors"]]
    assert fields == ["priorities.0.problem_id", "priorities.0.categories.1", "priorities.0.categories.2"]
    assert system.client.get(f"/v1/meetings/quarterly/{quarter}", headers=auth(key)).json()["minutes"] is None


def test_the_minutes_refuse_a_task_about_an_intervention_the_tenant_does_not_have(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    week = weeks_ago(0).label
    task = {"organisation": "kommunen", "text": "Följ upp vandringen", "due_week": week,
            "intervention_id": STRANGER}  # fmt: skip
    refused = system.client.post(f"/v1/meetings/weekly/{week}", json={"tasks": [task]}, headers=auth(key))
    assert refused.status_code == 422, refused.text
    assert [e["field"] for e in refused.json()["errors"]] == ["tasks.0.intervention_id"]
    assert system.client.get("/v1/tasks", headers=auth(key)).json()["tasks"] == []
