"""Enrichment of one report, for tests about one report at a time."""

from __future__ import annotations

from typing import Any

from embrace.bus.stages import Emit
from embrace.contracts import EnrichedIncident, EnrichedReport, IncidentReport, ReportVersion
from embrace.warehouse import Warehouse
from services.aggregate.current import CurrentIncidents
from services.enrich.enrichment import EnrichContext, enrich_reports


def enrich_one(made: IncidentReport, context: EnrichContext) -> list[Emit[Any]]:
    """What enrich makes of one report; raises what it would dead-letter the report with."""
    [result] = enrich_reports([made], context)
    if isinstance(result, Exception):
        raise result
    return result


def facts_of(made: IncidentReport, context: EnrichContext) -> list[EnrichedIncident]:
    return [
        i for e in enrich_one(made, context) if isinstance(e.value, EnrichedReport) for i in e.value.incidents
    ]


def enriched_and_versions(
    made: IncidentReport, context: EnrichContext
) -> tuple[list[EnrichedReport], list[ReportVersion]]:
    """What enrich sends the two sinks of current incidents: the enriched report, and its version."""
    emitted = [e.value for e in enrich_one(made, context)]
    return (
        [e for e in emitted if isinstance(e, EnrichedReport)],
        [e for e in emitted if isinstance(e, ReportVersion)],
    )


def store(warehouse: Warehouse, made: IncidentReport, context: EnrichContext) -> None:
    """What the aggregate worker does with what enrich makes of the report (both sinks, in that order)."""
    emitted = [e.value for e in enrich_one(made, context)]
    current = CurrentIncidents(warehouse)
    current.write_reports([e for e in emitted if isinstance(e, EnrichedReport)])
    current.write_versions([e for e in emitted if isinstance(e, ReportVersion)])
