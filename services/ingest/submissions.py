"""What a partner sends, and how it becomes an :class:`IncidentReport` on the bus.

The request models name no tenant or organisation: those come from the credentials, and because the
models forbid unknown fields a payload that tries to name them is refused.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

from pydantic import Field

from embrace.contracts import Incident, IncidentReport
from embrace.contracts.fields import Channel, Contract, IsoWeek
from embrace.contracts.incidents import MAX_INCIDENTS_PER_REPORT
from embrace.directory.credentials import Principal


class ReportSubmission(Contract):
    reporting_week: IsoWeek | None = Field(None, description="The week the report covers; default: derived.")
    incidents: Annotated[list[Incident], Field(min_length=1, max_length=MAX_INCIDENTS_PER_REPORT)]


def to_report(
    submission: ReportSubmission,
    principal: Principal,
    channel: Channel,
    now: datetime,
    *,
    report_id: uuid.UUID | None = None,
    version: int = 1,
) -> IncidentReport:
    return IncidentReport(
        event_id=report_id or uuid.uuid4(),
        version=version,
        tenant=principal.tenant,
        organisation=principal.organisation,
        source=principal.source,
        channel=channel,
        occurred=now,
        published=now,
        reporting_week=submission.reporting_week or covered_week(submission),
        incidents=submission.incidents,
    )


def covered_week(submission: ReportSubmission) -> str:
    """The ISO week most of the report's incidents fall in (UTC date of their start)."""
    weeks: dict[str, int] = {}
    for incident in submission.incidents:
        moment = incident.time.at if incident.time.kind == "instant" else incident.time.start
        year, week, _ = moment.isocalendar()
        label = f"{year}-W{week:02d}"
        weeks[label] = weeks.get(label, 0) + 1
    return max(weeks, key=lambda label: (weeks[label], label))
