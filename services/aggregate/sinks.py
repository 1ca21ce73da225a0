"""Turning bus messages into warehouse rows. Every table is keyed so that a replay overwrites itself.

Each table is one spec: its columns in order, and how each is read from a message. A column added to the
schema is added here once, next to the way it is filled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from operator import attrgetter
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from embrace.contracts import (
    Alert,
    Area,
    DeadLetter,
    EnrichedIncident,
    Intervention,
    InterventionEffect,
    PoliceNotice,
    RegisteredOrganisation,
    RegisteredTenant,
    ReportVersion,
    SafetySurveyResult,
)
from embrace.contracts.fields import GeoPoint
from embrace.warehouse import Warehouse

M = TypeVar("M", bound=BaseModel)
Column = Callable[[Any], Any]


@dataclass(frozen=True)
class TableSpec(Generic[M]):
    table: str
    columns: Mapping[str, Column]  # column name -> how it is read from a message, in table order

    def rows(self, values: Sequence[M]) -> list[tuple[Any, ...]]:
        readers = tuple(self.columns.values())
        return [tuple(read(value) for read in readers) for value in values]

    def writer(self, warehouse: Warehouse) -> Callable[[Sequence[M]], None]:
        names = tuple(self.columns)

        def write(batch: Sequence[M]) -> None:
            warehouse.insert(self.table, names, self.rows(batch))

        return write


def same(*names: str) -> dict[str, Column]:
    """Columns named like the message's fields and holding them as they are."""
    return {name: attrgetter(name) for name in names}


def text(name: str) -> Column:
    """An optional text field; the warehouse keeps '' for none."""
    return lambda value: getattr(value, name) or ""


def lat_lon(point_of: Callable[[Any], GeoPoint | None]) -> dict[str, Column]:
    def coordinate(axis: str) -> Column:
        return lambda value: getattr(point, axis) if (point := point_of(value)) is not None else None

    return {"lat": coordinate("lat"), "lon": coordinate("lon")}


INCIDENTS: TableSpec[EnrichedIncident] = TableSpec("incidents", {
    **same("tenant", "report_id", "report_version", "incident_index", "event_id", "organisation", "source",
           "channel", "category", "category_group"),
    "description": text("description"),
    **same("time_start", "time_end", "time_precision", "local_date", "iso_week", "weekday", "hour",
           "part_of_day", "window_hours", "long_window", "is_dark"),
    "month": lambda e: e.month or 0,
    "quarter": text("quarter"),
    "season": text("season"),
    "holiday": text("holiday"),
    **lat_lon(attrgetter("point")),
    "location_precision": attrgetter("location_precision"),
    "address": text("address"),
    "area_id": text("area_id"),
    "area_ids": attrgetter("area_ids"),
    "municipality_code": text("municipality_code"),
    "county_code": text("county_code"),
    "h3_r7": lambda e: int(e.h3_r7, 16) if e.h3_r7 else 0,
    "h3_r9": lambda e: int(e.h3_r9, 16) if e.h3_r9 else 0,
    **same("police_reported", "flags", "is_summary", "occurred", "published"),
    "is_deleted": lambda _: False,  # rows a later version replaces are written again, deleted (current.py)
})  # fmt: skip

REPORT_VERSIONS: TableSpec[ReportVersion] = TableSpec("report_versions", {
    "tenant": text("tenant"),
    "reporting_week": text("reporting_week"),
    **same("report_id", "version", "retracted", "incident_count", "organisation", "source", "occurred",
           "published"),
})  # fmt: skip

INTERVENTIONS: TableSpec[Intervention] = TableSpec("interventions", {
    "tenant": attrgetter("tenant"),
    "intervention_id": attrgetter("event_id"),
    **same("version", "retracted", "title", "kind"),
    "description": text("description"),
    "area_id": lambda i: i.place.area_id or "",
    **lat_lon(lambda i: i.place.point),
    **same("start", "end", "responsible_organisation", "status"),
    "targeted_categories": lambda i: list(i.targeted_categories),
    **same("occurred", "published"),
})  # fmt: skip

AREAS: TableSpec[Area] = TableSpec("areas", {
    **same("tenant", "area_id", "version", "retracted", "name", "kind"),
    "parent": text("parent"),
    "geometry": lambda a: json.dumps(a.geometry),
    "published": attrgetter("published"),
})  # fmt: skip

TENANTS: TableSpec[RegisteredTenant] = TableSpec(
    "tenants", same("tenant", "version", "retracted", "name", "published")
)

ORGANISATIONS: TableSpec[RegisteredOrganisation] = TableSpec(
    "organisations", same("tenant", "organisation", "version", "retracted", "name", "kind", "published")
)

POLICE_NOTICES: TableSpec[PoliceNotice] = TableSpec("police_events", {
    **same("police_id", "version"),
    "tenant": text("tenant"),
    "county_code": text("county_code"),
    "published_at": attrgetter("occurred"),
    **same("event_time", "name", "summary", "url"),
    "type": lambda p: p.type.strip(),
    "location_name": lambda p: p.location.name,
    "location_precision": attrgetter("location_precision"),
    **lat_lon(attrgetter("point")),
    "is_summary": attrgetter("is_summary"),
})  # fmt: skip

SURVEY_RESULTS: TableSpec[SafetySurveyResult] = TableSpec("survey_results", {
    "tenant": attrgetter("tenant"),
    "result_id": attrgetter("event_id"),
    **same("version", "retracted", "survey", "area_id", "period_start", "period_end", "indicator",
           "measure", "value", "respondents", "published"),
})  # fmt: skip

ALERTS: TableSpec[Alert] = TableSpec("alerts", {
    "tenant": attrgetter("tenant"),
    "alert_id": attrgetter("event_id"),
    **same("version", "retracted", "rule", "severity", "week"),
    "area_id": text("area_id"),
    "category": text("category"),
    **same("observed", "expected", "z", "dispersion", "baseline_years", "closed", "message", "occurred",
           "published"),
})  # fmt: skip

INTERVENTION_EFFECTS: TableSpec[InterventionEffect] = TableSpec("intervention_effects", {
    "tenant": attrgetter("tenant"),
    **same("intervention_id", "measured_on", "title", "area_id", "categories", "before_first", "before_last",
           "during_first", "during_last", "buffer_m", "target_before", "target_during", "buffer_before",
           "buffer_during", "comparison_before", "comparison_during", "comparison_kind",
           "comparison_places", "comparison_fair", "dispersion", "relative_effect", "relative_low",
           "relative_high", "expected", "ring_effect", "ring_low", "ring_high", "detectable_fall",
           "year_earlier_effect", "year_earlier_low", "year_earlier_high", "wdd", "standard_error", "z",
           "ci_low", "ci_high", "wdq", "net_effect", "verdict", "published"),
})  # fmt: skip

DEAD_LETTERS: TableSpec[DeadLetter] = TableSpec("dead_letters", {
    "letter_id": attrgetter("event_id"),
    "tenant": text("tenant"),
    **same("stage", "source_topic", "partition", "offset"),
    "key": lambda d: d.key or b"",
    **same("original", "reason", "occurred"),
})  # fmt: skip
