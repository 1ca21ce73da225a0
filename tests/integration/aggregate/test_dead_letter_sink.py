"""Dead letters in the warehouse: the bytes a letter carries expire as what people wrote does, and the
letter, with its reason, stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from embrace.bus.processing import dead_letter
from embrace.contracts import DeadLetter
from embrace.record import Record
from embrace.topics import INCIDENT_REPORTS
from embrace.warehouse import Warehouse
from services.aggregate.sinks import DEAD_LETTERS


def letter(age_days: int, now: datetime) -> DeadLetter:
    """A letter of enrich made ``age_days`` ago, carrying what was written."""
    written = Record(INCIDENT_REPORTS.name, None, f"Klotter, {age_days} dagar".encode(), 0, age_days)
    made = dead_letter("enrich", written, "unknown category", now - timedelta(days=age_days))
    return DeadLetter.model_validate_json(made.value)


def test_what_a_dead_letter_carries_expires_and_the_letter_stays(warehouse: Warehouse) -> None:
    warehouse.migrate(free_text_days=30)
    now = datetime.now(UTC)
    DEAD_LETTERS.writer(warehouse)([letter(60, now), letter(5, now)])
    warehouse.command("OPTIMIZE TABLE {db}.dead_letters FINAL")  # TTL applies as parts merge
    kept = warehouse.query("SELECT original, reason FROM {db}.dead_letters ORDER BY occurred")
    assert kept == [("", "unknown category"), ("Klotter, 5 dagar", "unknown category")]
