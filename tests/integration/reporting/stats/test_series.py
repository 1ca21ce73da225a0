"""``GET /v1/stats/series`` on the embedded system: one request for any range and grouping, the same
numbers as the weekly statistics, JSON or CSV, and a tenant's key counting only its own tenant."""

from __future__ import annotations

from typing import Any

from services.reporting.stats.series import SeriesQuery
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth

WEEK, EARLIER = weeks_ago(2), weeks_ago(3)


def seeded(system: System) -> dict[str, str]:
    keys = {tenant: system.add_partner(tenant, "kommunen") for tenant in ("0180", "0380")}
    reports = [
        ("0180", WEEK.three_incidents()),
        ("0180", {"incidents": [EARLIER.incident("graffiti"), EARLIER.incident("graffiti", day=2)]}),
        ("0380", {"incidents": [WEEK.incident("vandalism"), WEEK.incident("littering", day=3)]}),
    ]
    for tenant, body in reports:
        assert system.client.post("/v1/reports", json=body, headers=auth(keys[tenant])).status_code == 202
    system.relay.drain()
    return {**keys, "regional": system.add_partner("0180", "lansstyrelsen", role="regional")}


def ask(system: System, key: str, accept: str = "application/json", **params: str) -> Any:
    headers = {**auth(key), "Accept": accept}
    return system.client.get("/v1/stats/series", params={"from": EARLIER.label, **params}, headers=headers)


def get(system: System, key: str, **params: str) -> Any:
    answer = ask(system, key, to=WEEK.label, **params)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_regional_series_equals_the_weekly_statistics_of_every_tenant_cell_by_cell(system: System) -> None:
    keys = seeded(system)
    body = get(system, keys["regional"], group_by="tenant,week,category")
    for tenant in ("0180", "0380"):
        for week in (EARLIER, WEEK):
            params, regional = {"week": week.label, "tenant": tenant}, auth(keys["regional"])
            weekly = system.client.get("/v1/stats/weekly", params=params, headers=regional).json()
            cells = {r["category"]: r["incidents"] for r in body["rows"]
                     if (r["tenant"], r["week"]) == (tenant, week.label)}  # fmt: skip
            assert cells == weekly["by_category"], (tenant, week.label)
    assert sum(r["incidents"] for r in body["rows"]) == 7


def test_filters_narrow_the_count_and_a_tenant_key_counts_only_its_own(system: System) -> None:
    keys = seeded(system)
    mine = get(system, keys["0380"], group_by="tenant")
    assert mine["rows"] == [{"tenant": "0380", "incidents": 2}]
    graffiti = get(system, keys["regional"], group_by="week", category="graffiti,vandalism", tenant="0180")
    assert graffiti["rows"] == [{"week": EARLIER.label, "incidents": 2}, {"week": WEEK.label, "incidents": 1}]
    assert ask(system, keys["0380"], to=WEEK.label, tenant="0180").status_code == 403


def test_every_grouping_a_rollup_holds_counts_the_same_as_the_incidents(system: System) -> None:
    keys = seeded(system)
    read_from = {"tenant,week,category": "weekly_counts", "weekday,hour,source": None,
                 "week,area": None, "tenant,organisation": None}  # fmt: skip
    for group_by, table in read_from.items():
        chosen = SeriesQuery(EARLIER.label, WEEK.label, tuple(group_by.split(","))).rollup()
        assert (chosen.table if chosen else None) == table, group_by
        rolled = get(system, keys["regional"], group_by=group_by)["rows"]
        assert rolled == get(system, keys["regional"], group_by=group_by, fresh="true")["rows"], group_by
        assert sum(row["incidents"] for row in rolled) == 7


def test_csv_is_given_on_request(system: System) -> None:
    keys = seeded(system)
    answer = ask(system, keys["regional"], "text/csv", to=WEEK.label, group_by="tenant,category_group")
    assert answer.headers["content-type"].startswith("text/csv")
    assert answer.text.splitlines() == [
        "tenant,category_group,incidents", "0180,insecurity,5", "0380,insecurity,2",
    ]  # fmt: skip


def test_a_bad_grouping_or_filter_names_the_parameter(system: System) -> None:
    keys = seeded(system)
    for params, field in (
        ({"group_by": "tenant,colour"}, "query.group_by"),
        ({"hour": "25"}, "query.hour"),
        ({"dark": "maybe"}, "query.dark"),
        ({"category_group": "crimes"}, "query.category_group"),
        ({"category": "graffiti,grafitti"}, "query.category.1"),
        ({"from": WEEK.label, "to": EARLIER.label}, "query.from"),
    ):
        answer = ask(system, keys["regional"], **{"to": WEEK.label, **params})
        assert answer.status_code == 422, params
        assert [e["field"] for e in answer.json()["errors"]] == [field]
