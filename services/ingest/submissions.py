"""What a partner sends, and how it becomes an :class:`IncidentReport` on the bus.

The request models name no tenant or organisation: those come from the credentials, and because the
models forbid unknown fields a payload that tries to name them is refused.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from pydantic import Field, ValidationInfo, field_validator

from embrace.contracts import Incident, IncidentReport
from embrace.contracts.fields import Channel, Contract, IsoWeek
from embrace.contracts.incidents import MAX_INCIDENTS_PER_REPORT, nothing_to_report_names_its_week
from embrace.scrubbing import scrub_optional
from embrace.sqlstore.credentials import Principal
from embrace.validation import Places, Problem, location_warnings
from embrace.weeks import this_week

MAX_BATCH = 1000

Incidents = Annotated[list[Incident], Field(min_length=1, max_length=MAX_INCIDENTS_PER_REPORT)]


class ReportSubmission(Contract):
    reporting_week: IsoWeek | None = Field(
        None, description="The week the report covers; default: derived from the incidents."
    )
    incidents: Annotated[list[Incident], Field(max_length=MAX_INCIDENTS_PER_REPORT)] = Field(
        description="None at all says the organisation had nothing to report in `reporting_week`."
    )

    @field_validator("incidents")
    @classmethod
    def _nothing_in_a_named_week(cls, incidents: list[Incident], info: ValidationInfo) -> list[Incident]:
        if "reporting_week" in info.data:  # else the week itself was refused, and said so
            nothing_to_report_names_its_week(incidents, info.data["reporting_week"])
        return incidents


class ReportCorrection(Contract):
    """A correction replaces the fields it names; the rest of the report stays as it was. Correcting a
    report to no incidents is withdrawing it."""

    reporting_week: IsoWeek | None = None
    incidents: Incidents | None = None


class BatchSubmission(Contract):
    reports: Annotated[list[ReportSubmission], Field(min_length=1, max_length=MAX_BATCH)]


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
        reporting_week=submission.reporting_week or covered_week(submission.incidents),
        incidents=submission.incidents,
    )


def revised(
    current: IncidentReport, version: int, correction: ReportCorrection, now: datetime
) -> IncidentReport:
    """The report's next version: the correction's fields over the current ones."""
    incidents = correction.incidents if correction.incidents is not None else current.incidents
    week = correction.reporting_week or current.reporting_week or covered_week(incidents)
    update = {"version": version + 1, "occurred": now, "published": now, "incidents": incidents,
              "reporting_week": week}  # fmt: skip
    return current.model_copy(update=update)


def covered_week(incidents: list[Incident]) -> str:
    """The ISO week most of the incidents fall in, by the platform's date of their start (whatever
    offset a time was sent with)."""
    weeks: Counter[str] = Counter()
    for incident in incidents:
        moment = incident.time.at if incident.time.kind == "instant" else incident.time.start
        weeks[this_week(moment)] += 1
    return max(weeks, key=lambda label: (weeks[label], label))


@dataclass(frozen=True)
class Prepared:
    report: IncidentReport
    warnings: list[Problem]
    scrubbed: Counter[str]


def prepare(report: IncidentReport, places: Places) -> Prepared:
    """The report as it will be stored: personal data scrubbed, far-away points flagged."""
    found: Counter[str] = Counter()
    warnings = location_warnings(report, places)
    flagged = {int(w.field.split(".")[1]) for w in warnings}
    incidents = [
        scrubbed_incident(incident, found, ["far_outside_municipality"] if index in flagged else [])
        for index, incident in enumerate(report.incidents)
    ]
    if any(new is not old for new, old in zip(incidents, report.incidents, strict=True)):
        report = report.model_copy(update={"incidents": incidents})
    return Prepared(report, warnings, found)


def scrubbed_incident(incident: Incident, found: Counter[str], flags: list[str] | None = None) -> Incident:
    """The incident with personal data in its free text replaced; what was found is added to ``found``."""
    update: dict[str, object] = {}
    description = scrub_optional(incident.description, found)
    if description != incident.description:
        update["description"] = description
    if (flags or []) != incident.flags:
        update["flags"] = flags or []
    address = scrub_optional(incident.location.address, found)
    if address != incident.location.address:
        update["location"] = incident.location.model_copy(update={"address": address})
    # Incidents are immutable: one with nothing to change is kept, not copied (most of a batch).
    return incident.model_copy(update=update) if update else incident
