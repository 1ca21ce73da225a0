"""From a police notice to incident facts: its type mapped onto the taxonomy, its place as known.

Summaries ("Sammanfattning natt") are kept and marked, never counted. A type the mapping does not know
becomes "other" and is flagged for a person to map, never dropped.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from typing import Any

from embrace.bus.stages import Emit, Result
from embrace.contracts import EnrichedIncident, PoliceNotice, ReportVersion
from embrace.scrubbing import scrub
from embrace.taxonomy import Taxonomy
from embrace.topics import REPORT_VERSIONS
from services.enrich.enrichment import EnrichContext, Facts, enriched_report
from services.enrich.located import Ask

POLICE = uuid.UUID("5a0c6a35-4c8e-4f0e-9a5e-70b1e3b0c4f2")
UNKNOWN_TYPE = "unknown_police_type"


def police_report_id(police_id: int) -> uuid.UUID:
    """All versions of a notice are versions of one report."""
    return uuid.uuid5(POLICE, f"polisen/{police_id}")


def type_key(police_type: str) -> str:
    # The API sends types with stray spaces and in varying case ("Lagen om hundar och katter ").
    return " ".join(police_type.casefold().split())


@dataclass(frozen=True)
class PoliceTypes:
    categories: dict[str, str]

    @classmethod
    def load(cls, taxonomy: Taxonomy) -> PoliceTypes:
        text = (
            resources.files("services.enrich").joinpath("data/police_types.csv").read_text(encoding="utf-8")
        )
        mapping = {type_key(row["type"]): row["category"] for row in csv.DictReader(text.splitlines())}
        unknown = sorted(set(mapping.values()) - {c.code for c in taxonomy})
        if unknown:
            raise ValueError(f"police_types.csv maps to categories the taxonomy lacks: {unknown}")
        return cls(mapping)

    def category(self, police_type: str) -> str | None:
        return self.categories.get(type_key(police_type))


def enrich_police(events: Sequence[PoliceNotice], context: EnrichContext, types: PoliceTypes) -> list[Result]:
    placed = [e for e in events if e.tenant is not None]
    # The API's point is the centre of the municipality or county: kept with that precision, so no map
    # draws it as the incident's place, and used only to judge darkness there.
    asks = [
        Ask(e.tenant or "", e.point, municipality=e.tenant,
            precision="county" if e.location_precision == "county" else "municipality")
        for e in placed
    ]  # fmt: skip
    facts = Facts.of_spans(asks, [(_when(e), _when(e)) for e in placed], context)
    incidents = {
        e.event_id: police_incident(e, context, types, facts.fields(n)) for n, e in enumerate(placed)
    }
    results: list[Result] = []
    for event in events:
        made = incidents.get(event.event_id)
        results.append([*enriched_report([made] if made else []), Emit(REPORT_VERSIONS, _version(event))])
    return results


def _when(event: PoliceNotice) -> datetime:
    return event.event_time or event.occurred


def _version(event: PoliceNotice) -> ReportVersion:
    report_id = police_report_id(event.police_id)
    return ReportVersion(
        event_id=uuid.uuid5(report_id, f"version/{event.version}"), tenant=event.tenant,
        occurred=event.occurred, published=event.published, report_id=report_id, version=event.version,
        retracted=False, incident_count=0 if event.tenant is None else 1, organisation="polisen",
        source="police_events",
    )  # fmt: skip


def police_incident(
    event: PoliceNotice, context: EnrichContext, types: PoliceTypes, derived: dict[str, Any]
) -> EnrichedIncident:
    category = types.category(event.type)
    code = category or "other"
    report_id = police_report_id(event.police_id)
    return EnrichedIncident(
        event_id=uuid.uuid5(report_id, f"{event.version}/0"),
        tenant=event.tenant,
        occurred=event.occurred,
        published=event.published,
        report_id=report_id,
        report_version=event.version,
        incident_index=0,
        organisation="polisen",
        source="police_events",
        channel="import",
        category=code,
        category_group=context.taxonomy[code].group,
        description=scrub(event.summary).text or None,
        time_start=_when(event),
        time_end=_when(event),
        time_precision="instant",
        is_summary=event.is_summary,
        **{**derived, "county_code": event.county_code or derived["county_code"],
           "flags": [*derived["flags"], *([] if category is not None else [UNKNOWN_TYPE])]},
    )  # fmt: skip
