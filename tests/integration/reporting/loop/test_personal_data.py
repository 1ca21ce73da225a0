"""What partners write in the loop (a task, its note, a decision, a problem's causes) is kept free of
personal identity numbers, phone numbers and e-mail addresses: in the store, in what the API answers and
in the warehouse the bus fills, whether it came by the API or a page's form; and what was stored before
it was scrubbed is scrubbed by the upgrade."""

from __future__ import annotations

from sqlalchemy import delete, select

from embrace.sqlstore.loop_tables import StoredTask
from embrace.sqlstore.tables import OutboxMessage
from embrace.sqlstore.upgrades import UpgradeStep
from embrace.topics import TASKS
from embrace.warehouse.prose import scrub_prose
from embrace.weeks import shift
from tests.support.payloads import weeks_ago
from tests.support.system import System, auth, form_token, log_in

THIS_WEEK = weeks_ago(0).label
WRITTEN = "Ring Kalle på 070-123 45 67 eller kalle@bostaden.se (19121212-1212)"
KEPT = "Ring Kalle på [telefonnummer] eller [e-post] ([personnummer])"
CASE = "Ärende K 5000-1234567"  # seven digits, and no personal data


def test_personal_data_in_the_minutes_becomes_placeholders_everywhere(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    system.add_partner("0180", "bostaden", kind="housing")
    problem = {"title": "Stök vid kiosken", "scope": {"categories": ["disturbing_groups"]},
               "responsible_organisation": "bostaden", "causes": {"offender": WRITTEN}}  # fmt: skip
    made = system.client.post("/v1/problems", json=problem, headers=chair)
    assert made.json()["problem"]["causes"]["offender"] == KEPT
    task = {"organisation": "bostaden", "text": WRITTEN, "due_week": shift(THIS_WEEK, 1)}
    minutes = {"decisions": [{"text": WRITTEN}], "tasks": [task]}
    recorded = system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json=minutes, headers=chair)
    assert [d["text"] for d in recorded.json()["decisions"]] == [KEPT]
    [task] = system.client.get("/v1/tasks", headers=chair).json()["tasks"]
    assert task["text"] == KEPT
    updated = system.client.patch(f"/v1/tasks/{task['event_id']}", json={"status": "done", "note": WRITTEN},
                                  headers=chair)  # fmt: skip
    assert updated.json()["note"] == KEPT
    system.relay.drain()
    versions = system.warehouse.query("SELECT text, note FROM {db}.tasks ORDER BY version")
    assert [tuple(row) for row in versions] == [(KEPT, ""), (KEPT, KEPT)]


def test_a_note_written_on_uppgifter_is_kept_without_the_phone_number(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    password = system.add_person("0180", "bostaden", "ali@bostaden.se")
    task = {"organisation": "bostaden", "text": "Städa passagen", "due_week": shift(THIS_WEEK, 1)}
    system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json={"tasks": [task]}, headers=chair)
    [given] = system.client.get("/v1/tasks", headers=chair).json()["tasks"]
    log_in(system.client, "ali@bostaden.se", password)
    page = system.client.get("/app/tasks").text
    note = "Vakten nås på 08-123 456 78"
    sent = system.client.post(f"/app/tasks/{given['event_id']}",
                              data={"csrf": form_token(page), "status": "done", "note": note})  # fmt: skip
    assert sent.status_code in (200, 303), sent.text
    [after] = system.client.get("/v1/tasks", headers=chair).json()["tasks"]
    assert after["note"] == "Vakten nås på [telefonnummer]"


def test_an_upgrade_scrubs_what_was_written_before_the_texts_were_scrubbed(system: System) -> None:
    chair = auth(system.add_partner("0180", "kommunen", role="admin"))
    task = {"organisation": "kommunen", "text": "Städa passagen", "due_week": shift(THIS_WEEK, 1)}
    system.client.post(f"/v1/meetings/weekly/{THIS_WEEK}", json={"tasks": [task]}, headers=chair)
    system.relay.drain()
    as_written_before_scrubbing(system)
    system.sql_store.migrate()
    system.warehouse.migrate()
    with system.sql_store.session() as session:
        assert session.scalars(select(StoredTask.payload)).one()["text"] == KEPT
        [again] = session.scalars(select(OutboxMessage.value)).all()  # so the compacted topic keeps it
    assert TASKS.model.model_validate_json(again).text == KEPT
    system.relay.drain()
    assert system.warehouse.query("SELECT text, note FROM {db}.tasks FINAL") == [(KEPT, CASE)]
    assert system.warehouse.query("SELECT decisions FROM {db}.meetings") == [([KEPT, CASE],)]
    assert scrub_prose(system.warehouse) == 0  # nothing is left to scrub


def as_written_before_scrubbing(system: System) -> None:
    """The task and the meeting's decisions as a release that did not scrub them stored them."""
    with system.sql_store.session() as session:
        stored = session.scalars(select(StoredTask)).one()
        stored.payload = {**stored.payload, "text": WRITTEN, "note": CASE}
        session.execute(delete(UpgradeStep).where(UpgradeStep.name == "scrub-written-prose"))
    texts = {"written": WRITTEN, "case": CASE}
    for change in ("tasks UPDATE text = {written:String}, note = {case:String}",
                   "meetings UPDATE decisions = [{written:String}, {case:String}]"):  # fmt: skip
        system.warehouse.command(f"ALTER TABLE {{db}}.{change} WHERE 1 SETTINGS mutations_sync = 2", texts)
