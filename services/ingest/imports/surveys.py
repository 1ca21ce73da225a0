"""Perceived safety (upplevd trygghet): survey results per area and period, from CSV.

Columns: survey, area_id, period_start, period_end, indicator, measure (share or index), value,
respondents. A share lies between 0 and 1; decimals may be written with a comma.
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from embrace.codec import describe
from embrace.contracts import SafetySurveyResult
from embrace.errors import OperatorError
from embrace.sqlstore import SqlStore
from embrace.sqlstore.interventions import area_known
from embrace.topics import SURVEY_RESULTS
from services.ingest.imports.records import ImportSummary, RecordBook

SURVEY = uuid.UUID("2c9e7a41-0b3d-4f6e-b8a2-5d1c3e7f9a60")
COLUMNS = ("survey", "area_id", "period_start", "period_end", "indicator", "measure", "value", "respondents")


def read_results(path: Path, tenant: str, now: datetime) -> Iterator[tuple[int, SafetySurveyResult | str]]:
    """Each row, by line: a result, or why it is not one."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OperatorError(f"{path}: cannot read as UTF-8: {exc}") from None
    delimiter = ";" if text.partition("\n")[0].count(";") > text.partition("\n")[0].count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise OperatorError(f"{path}:1: missing columns {', '.join(missing)}; needed: {', '.join(COLUMNS)}")
    for row in reader:
        fields = {c: (row.get(c) or "").strip() for c in COLUMNS}
        fields["value"] = fields["value"].replace(",", ".")
        key = "/".join(fields[c] for c in ("survey", "area_id", "period_start", "period_end", "indicator"))
        try:
            yield (
                reader.line_num,
                SafetySurveyResult.model_validate(
                    {
                        **fields,
                        "event_id": uuid.uuid5(SURVEY, f"{tenant}/{key}"),
                        "tenant": tenant,
                        "occurred": now,
                        "published": now,
                    }
                ),
            )
        except ValidationError as exc:
            yield reader.line_num, describe(exc)


def import_surveys(sql_store: SqlStore, path: Path, tenant: str) -> ImportSummary:
    summary = ImportSummary()
    now = datetime.now(UTC)
    rows = list(read_results(path, tenant, now))
    with sql_store.session() as session:
        book = RecordBook(
            session, f"surveys/{tenant}", [str(r.event_id) for _, r in rows if not isinstance(r, str)]
        )
        for line, item in rows:
            if isinstance(item, str):
                summary.reject(f"{path}:{line}", item)
                continue
            if not area_known(session, tenant, item.area_id):
                summary.reject(f"{path}:{line}", f"unknown area {item.area_id!r}")
                continue
            content = item.model_dump_json(exclude={"occurred", "published"})
            change = book.change(str(item.event_id), content, now, str(item.event_id))
            summary.count(change.outcome)
            if change.outcome in ("new", "updated"):
                result = item.model_copy(update={"version": change.version})
                book.publish(SURVEY_RESULTS.record(result))
        book.write()
    return summary
