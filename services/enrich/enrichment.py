"""From a validated report to enriched incidents and the report's current version.

Plain functions: no clock, no I/O. The stage wiring is in :mod:`services.enrich.stages`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from embrace.bus.stages import Emit, Rejected
from embrace.contracts import EnrichedIncident, Incident, IncidentReport, ReportVersion
from embrace.contracts.enriched import LocationPrecision
from embrace.scrubbing import scrub
from embrace.taxonomy import Taxonomy
from embrace.topics import ENRICHED_INCIDENTS, REPORT_VERSIONS
from embrace.validation import Policy, check_report
from services.enrich.timefeatures import time_features


@dataclass(frozen=True)
class EnrichContext:
    taxonomy: Taxonomy
    zone: ZoneInfo
    policy: Policy
    backfill_policy: Policy  # imports of history accept any age


def enrich_report(report: IncidentReport, context: EnrichContext) -> Iterator[Emit[Any]]:
    if not report.retracted:
        policy = context.backfill_policy if report.channel == "import" else context.policy
        problems = check_report(report, context.taxonomy, policy)
        if problems:
            raise Rejected("; ".join(f"{p.field}: {p.detail}" for p in problems))
    for index, incident in enumerate(report.incidents):
        yield Emit(ENRICHED_INCIDENTS, enrich_incident(report, index, incident, context))
    yield Emit(REPORT_VERSIONS, report_version(report))


def report_version(report: IncidentReport) -> ReportVersion:
    return ReportVersion(
        event_id=uuid.uuid5(report.event_id, f"version/{report.version}"),
        tenant=report.tenant,
        occurred=report.occurred,
        published=report.published,
        report_id=report.event_id,
        version=report.version,
        retracted=report.retracted,
        incident_count=len(report.incidents),
        organisation=report.organisation,
        source=report.source,
    )


def enrich_incident(
    report: IncidentReport, index: int, incident: Incident, context: EnrichContext
) -> EnrichedIncident:
    if incident.time.kind == "instant":
        start = end = incident.time.at
    else:
        start, end = incident.time.start, incident.time.end
    features = time_features(start, context.zone)
    location = incident.location
    return EnrichedIncident(
        event_id=uuid.uuid5(report.event_id, f"{report.version}/{index}"),
        tenant=report.tenant,
        occurred=report.occurred,
        published=report.published,
        report_id=report.event_id,
        report_version=report.version,
        incident_index=index,
        organisation=report.organisation,
        source=report.source,
        channel=report.channel,
        category=incident.category,
        category_group=context.taxonomy[incident.category].group,
        # Integrators may publish straight onto the raw topic, past the scrubbing at ingest.
        description=scrub(incident.description).text if incident.description else None,
        time_start=start,
        time_end=end,
        time_precision=incident.time.kind,
        **features.fields(),
        point=location.point,
        location_precision=_precision(incident),
        address=scrub(location.address).text if location.address else None,
        area_id=location.area_id,
        # A partner's report is about its own municipality: the tenant.
        municipality_code=report.tenant,
        police_reported=incident.police_reported,
        flags=list(incident.flags),
    )


def _precision(incident: Incident) -> LocationPrecision:
    location = incident.location
    if location.point is not None:
        return "point"
    if location.address is not None:
        return "address"
    return "area"
