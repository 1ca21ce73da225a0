"""From validated reports to enriched incidents and each report's current version, a batch at a time.

Plain functions: no clock, no I/O. Place and time facts are computed for every incident of the batch at
once (:mod:`services.enrich.places`, :mod:`services.enrich.timefeatures`); the stage wiring is in
:mod:`services.enrich.stages`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from embrace.bus.stages import Emit, Rejected, Result
from embrace.contracts import EnrichedIncident, EnrichedReport, Incident, IncidentReport, ReportVersion
from embrace.scrubbing import scrub
from embrace.taxonomy import Taxonomy
from embrace.topics import ENRICHED_REPORTS, REPORT_VERSIONS
from embrace.validation import Policy, Problem, check_report
from services.enrich.located import PRECISIONS, Ask, Asks, Located
from services.enrich.places import PlaceBook
from services.enrich.sun import is_dark
from services.enrich.timefeatures import Floats, TimeColumns, time_columns, unix


@dataclass(frozen=True)
class EnrichContext:
    taxonomy: Taxonomy
    zone: ZoneInfo
    policy: Policy
    backfill_policy: Policy  # imports of history accept any age
    book: PlaceBook


@dataclass(frozen=True)
class Facts:
    """Place and time facts of a batch of incidents, computed together on arrays."""

    places: Located
    times: TimeColumns
    dark: NDArray[np.bool_]
    known: NDArray[np.bool_]  # a place to judge darkness by

    @classmethod
    def of(cls, asks: Asks, start: Floats, end: Floats, context: EnrichContext) -> Facts:
        places = context.book.locate(asks)
        times = time_columns(start, end, context.zone)
        known = ~np.isnan(places.sun_lat)
        dark = is_dark(np.nan_to_num(places.sun_lat), np.nan_to_num(places.sun_lon), times.moment)
        return cls(places, times, dark, known)

    @classmethod
    def of_spans(
        cls, asks: Sequence[Ask], spans: Sequence[tuple[datetime, datetime]], context: EnrichContext
    ) -> Facts:
        return cls.of(Asks.of(asks), unix([s for s, _ in spans]), unix([e for _, e in spans]), context)

    def fields(self, n: int) -> dict[str, Any]:
        """The n-th incident's derived fields, as fields of an enriched incident."""
        places = self.places
        area_ids = list(places.area_ids[n])
        coarse, fine = places.cells(n)
        return {
            **self.times.fields(n), "is_dark": bool(self.dark[n]) if self.known[n] else None,
            "point": places.point(n), "location_precision": PRECISIONS[places.precision[n]],
            "area_id": area_ids[0] if area_ids else None, "area_ids": area_ids,
            "municipality_code": places.municipality[n], "county_code": places.county[n],
            "h3_r7": coarse, "h3_r9": fine, "flags": places.flags.get(n, []),
        }  # fmt: skip


def span(incident: Incident) -> tuple[datetime, datetime]:
    if incident.time.kind == "instant":
        return incident.time.at, incident.time.at
    return incident.time.start, incident.time.end


def enrich_reports(reports: Sequence[IncidentReport], context: EnrichContext) -> list[Result]:
    problems = [_problems(report, context) for report in reports]
    incidents = [
        (n, i, inc) for n, r in enumerate(reports) if not problems[n] for i, inc in enumerate(r.incidents)
    ]
    asks = [Ask(reports[n].tenant, inc.location.point, inc.location.address, inc.location.area_id)
            for n, _, inc in incidents]  # fmt: skip
    facts = Facts.of_spans(asks, [span(inc) for _, _, inc in incidents], context)
    made: list[list[EnrichedIncident]] = [[] for _ in reports]
    for k, (n, index, incident) in enumerate(incidents):
        if facts.places.outside[k]:  # the boundaries, not a box, decide what is in Sweden: looked up once
            where = f"incidents.{index}.location.point"
            problems[n].append(Problem(where, "outside_sweden", "the point is not in Sweden"))
        made[n].append(enriched(reports[n], index, incident, facts.fields(k), context))
    return [
        Rejected("; ".join(f"{p.field}: {p.detail}" for p in problems[n])) if problems[n]
        else [*enriched_report(made[n]), Emit(REPORT_VERSIONS, report_version(report))]
        for n, report in enumerate(reports)
    ]  # fmt: skip


def enriched_report(incidents: list[EnrichedIncident]) -> list[Emit[Any]]:
    """The incidents of one report version as one message (none for a withdrawal, which has none)."""
    if not incidents:
        return []
    first = incidents[0]
    report = EnrichedReport(
        event_id=uuid.uuid5(first.report_id, f"{first.report_version}/enriched"), tenant=first.tenant,
        occurred=first.occurred, published=first.published, report_id=first.report_id,
        report_version=first.report_version, incidents=incidents,
    )  # fmt: skip
    return [Emit(ENRICHED_REPORTS, report)]


def _problems(report: IncidentReport, context: EnrichContext) -> list[Problem]:
    if report.retracted:
        return []
    policy = context.backfill_policy if report.channel == "import" else context.policy
    return check_report(report, context.taxonomy, policy)


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
        reporting_week=report.reporting_week,
    )


def enriched(
    report: IncidentReport, index: int, incident: Incident, derived: dict[str, Any], context: EnrichContext
) -> EnrichedIncident:
    start, end = span(incident)
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
        address=scrub(incident.location.address).text if incident.location.address else None,
        police_reported=incident.police_reported,
        **{**derived, "flags": [*incident.flags, *derived["flags"]]},
    )
