"""The reports API: batch, list, read, correct, withdraw, idempotency."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from embrace.sqlstore.tables import OutboxMessage, StoredReport
from embrace.topics import INCIDENT_REPORTS
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth

WEEK = weeks_ago(2)


def counted(system: System, key: str) -> dict[str, int]:
    system.relay.drain()
    by_category: dict[str, int] = system.client.get(
        f"/v1/stats/weekly?week={WEEK.label}", headers=auth(key)
    ).json()["by_category"]
    return by_category


def rows(system: System, table: type[Any]) -> int:
    with system.sql_store.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def reports_queued(system: System) -> int:
    queued = select(func.count()).where(OutboxMessage.topic == INCIDENT_REPORTS.name)
    with system.sql_store.session() as session:
        return int(session.scalar(queued) or 0)


# --- batch -------------------------------------------------------------------------------------------------


def test_a_batch_of_reports_is_accepted_whole(system: System, key: str) -> None:
    reports = [{"incidents": [WEEK.incident("graffiti", day) for _ in range(3)]} for day in range(5)]
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert answer.status_code == 202
    assert (answer.json()["accepted"], answer.json()["incidents"]) == (5, 15)
    assert counted(system, key) == {"graffiti": 15}


def test_a_batch_with_bad_reports_names_every_bad_field_and_stores_nothing(system: System, key: str) -> None:
    reports = [
        {"incidents": [WEEK.incident()]},
        {"incidents": [WEEK.incident("ufo")]},
        {"incidents": [WEEK.incident(), WEEK.incident("alien")]},
    ]
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == [
        "reports.1.incidents.0.category",
        "reports.2.incidents.1.category",
    ]
    assert rows(system, StoredReport) == 0


def test_a_batch_holds_at_most_1000_reports(system: System, key: str) -> None:
    reports = [{"incidents": [WEEK.incident()]}] * 1001
    answer = system.client.post("/v1/reports/batch", json={"reports": reports}, headers=auth(key))
    assert (answer.status_code, answer.json()["errors"][0]["field"]) == (422, "reports")


# --- list and read -----------------------------------------------------------------------------------------


def test_an_organisation_lists_its_own_reports_of_a_week(system: System, key: str) -> None:
    neighbour = system.add_partner("0180", "bostadsbolaget", "housing")
    mine = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(neighbour))
    listed = system.client.get(f"/v1/reports?week={WEEK.label}", headers=auth(key)).json()
    assert [r["id"] for r in listed["reports"]] == [mine["id"]]
    assert listed["reports"][0]["status"] == "active"
    assert len(listed["reports"][0]["incidents"]) == 3
    other_week = system.client.get(f"/v1/reports?week={weeks_ago(5).label}", headers=auth(key)).json()
    assert other_week["reports"] == []


def test_a_report_is_read_with_its_version_as_etag(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    answer = system.client.get(f"/v1/reports/{accepted['id']}", headers=auth(key))
    assert (answer.status_code, answer.headers["ETag"], answer.json()["version"]) == (200, '"1"', 1)


# --- correct and withdraw ----------------------------------------------------------------------------------


def test_a_correction_is_a_new_version_and_the_counts_follow(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    assert counted(system, key) == {"littering": 1, "graffiti": 1, "disturbing_groups": 1}
    corrected = system.client.patch(
        f"/v1/reports/{accepted['id']}",
        json={"incidents": [WEEK.incident("vandalism")]},
        headers=auth(key, **{"If-Match": '"1"'}),
    )
    assert (corrected.status_code, corrected.json()["version"]) == (202, 2)
    assert counted(system, key) == {"vandalism": 1}


def test_a_correction_based_on_an_old_version_is_refused(system: System, key: str) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    system.client.patch(
        f"/v1/reports/{accepted['id']}", json={"reporting_week": WEEK.label}, headers=auth(key)
    )
    stale = system.client.patch(
        f"/v1/reports/{accepted['id']}",
        json={"incidents": [WEEK.incident()]},
        headers=auth(key, **{"If-Match": '"1"'}),
    )
    assert (stale.status_code, stale.headers["ETag"]) == (412, '"2"')


def test_a_withdrawn_report_leaves_the_counts_and_withdrawing_again_changes_nothing(
    system: System, key: str
) -> None:
    accepted = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=auth(key)).json()
    first = system.client.delete(f"/v1/reports/{accepted['id']}", headers=auth(key))
    again = system.client.delete(f"/v1/reports/{accepted['id']}", headers=auth(key))
    assert (first.status_code, first.json()["status"], first.json()["version"]) == (202, "withdrawn", 2)
    assert again.json()["version"] == 2
    assert counted(system, key) == {}
    patched = system.client.patch(
        f"/v1/reports/{accepted['id']}", json={"incidents": [WEEK.incident()]}, headers=auth(key)
    )
    assert patched.status_code == 409


# --- idempotency -------------------------------------------------------------------------------------------


def test_a_repeated_request_with_the_same_key_gets_the_first_answer_and_stores_nothing_twice(
    system: System, key: str
) -> None:
    headers = auth(key, **{"Idempotency-Key": "weekly-2026-47"})
    first = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    second = system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    assert second.json() == first.json()
    assert second.headers["Idempotent-Replayed"] == "true"
    assert (rows(system, StoredReport), reports_queued(system)) == (1, 1)


def test_the_same_key_for_a_different_request_is_refused(system: System, key: str) -> None:
    headers = auth(key, **{"Idempotency-Key": "k-1"})
    system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers)
    other = system.client.post("/v1/reports", json={"incidents": [WEEK.incident()]}, headers=headers)
    assert (other.status_code, other.json()["type"]) == (
        422,
        "https://embrace-platform.se/problems/idempotency-key-reused",
    )
    assert rows(system, StoredReport) == 1


def test_concurrent_twins_store_one_report(system: System, key: str) -> None:
    headers = auth(key, **{"Idempotency-Key": "twin"})
    answers: list[Any] = []

    def send() -> None:
        answers.append(system.client.post("/v1/reports", json=WEEK.three_incidents(), headers=headers))

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert {a.status_code for a in answers} == {202}
    assert len({a.json()["id"] for a in answers}) == 1
    assert rows(system, StoredReport) == 1
