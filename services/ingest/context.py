"""What the ingest endpoints share, built once by the composition root and found on ``app.state``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from prometheus_client import CollectorRegistry, Counter
from sqlalchemy import Connection, bindparam, select

from embrace.contracts import Incident, IncidentReport
from embrace.http.problems import FieldError, ProblemError, invalid
from embrace.messages import Language, message
from embrace.sqlstore import SqlStore
from embrace.sqlstore.place_tables import StoredArea
from embrace.taxonomy import Taxonomy
from embrace.validation import Places, Policy, Problem, check_report
from services.ingest.submissions import Prepared, prepare

AREAS_OF = select(StoredArea.area_id).where(StoredArea.tenant == bindparam("tenant"))  # built once


class IngestMetrics:
    def __init__(self, registry: CollectorRegistry) -> None:
        self.incidents = Counter(
            "embrace_incidents_accepted", "Incidents accepted, by channel.", ["channel"], registry=registry
        )
        self.reports = Counter(
            "embrace_reports_accepted",
            "Report versions accepted, by operation.",
            ["operation"],
            registry=registry,
        )
        self.scrubbed = Counter(
            "embrace_personal_data_scrubbed", "Personal data replaced in free text, by kind.", ["kind"],
            registry=registry,
        )  # fmt: skip


@dataclass
class Ingest:
    sql_store: SqlStore
    taxonomy: Taxonomy
    policy: Policy
    places: Places
    metrics: IngestMetrics

    def area_ids(self, tenant: str) -> frozenset[str]:
        """The tenant's registered areas; empty when it registered none (then any id is taken)."""
        with self.sql_store.reading() as connection:
            return areas_in(connection, tenant)

    async def known_areas(self, tenant: str, incidents: Iterable[Incident]) -> frozenset[str]:
        """``area_ids`` for async code, read only if an incident names an area: otherwise there is
        nothing to check, and on PostgreSQL the read costs a hand-over to a worker thread and back."""
        if not names_an_area(incidents):
            return frozenset()
        return await self.sql_store.quick_read(lambda connection: areas_in(connection, tenant))

    def check(
        self, report: IncidentReport, prefix: str = "", areas: frozenset[str] | None = None
    ) -> Prepared:
        """The report ready to store, or the 422 naming every bad field."""
        problems = check_report(report, self.taxonomy, self.policy, self.places)
        if names_an_area(report.incidents):
            problems += unknown_areas(report, self.area_ids(report.tenant) if areas is None else areas)
        if problems:
            raise invalid([FieldError.of(p) for p in problems], prefix)
        return prepare(report, self.places)

    def check_all(self, reports: Sequence[IncidentReport], areas: frozenset[str]) -> list[Prepared]:
        """Every report ready to store, or one 422 naming every bad field of every report."""
        prepared: list[Prepared] = []
        errors: list[FieldError] = []
        for n, report in enumerate(reports):
            try:
                prepared.append(self.check(report, f"reports.{n}.", areas))
            except ProblemError as problem:
                errors.extend(problem.errors)
        if errors:
            raise invalid(errors)
        return prepared

    def committed(self, prepared: Sequence[Prepared], operation: str) -> None:
        for item in prepared:
            self.metrics.incidents.labels(item.report.channel).inc(len(item.report.incidents))
            for kind, count in item.scrubbed.items():
                self.metrics.scrubbed.labels(kind).inc(count)
        self.metrics.reports.labels(operation).inc(len(prepared))


def areas_in(connection: Connection, tenant: str) -> frozenset[str]:
    return frozenset(connection.scalars(AREAS_OF, {"tenant": tenant}))


def names_an_area(incidents: Iterable[Incident]) -> bool:
    return any(incident.location.area_id is not None for incident in incidents)


def unknown_areas(report: IncidentReport, known: frozenset[str]) -> list[Problem]:
    if not known:
        return []
    return [
        Problem(
            f"incidents.{n}.location.area_id", "unknown_area", f"unknown area {area!r}", {"area_id": area}
        )
        for n, incident in enumerate(report.incidents)
        if (area := incident.location.area_id) is not None and area not in known
    ]


async def get_ingest(request: Request) -> Ingest:
    ingest: Ingest = request.app.state.ingest
    return ingest


IngestDep = Annotated[Ingest, Depends(get_ingest)]


def warnings_out(warnings: Sequence[Problem], language: Language, prefix: str = "") -> list[dict[str, str]]:
    return [
        {"field": prefix + w.field, "code": w.code, "message": message(w.code, language, w.detail, w.params)}
        for w in warnings
    ]
