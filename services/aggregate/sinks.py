"""Turning bus messages into warehouse rows. Every table is keyed so that a replay overwrites itself."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from embrace.contracts import (
    Area,
    DeadLetter,
    EnrichedIncident,
    Intervention,
    PoliceEvent,
    ReportVersion,
    SafetySurveyResult,
)
from embrace.warehouse import Warehouse

INCIDENT_COLUMNS = (
    "tenant", "report_id", "report_version", "incident_index", "event_id", "organisation", "source",
    "channel", "category", "category_group", "description", "time_start", "time_end", "time_precision",
    "local_date", "iso_week", "weekday", "hour", "part_of_day", "lat", "lon", "location_precision",
    "address", "area_id", "municipality_code", "county_code", "police_reported", "flags", "is_summary",
    "occurred", "published",
)  # fmt: skip


def incident_row(e: EnrichedIncident) -> tuple[Any, ...]:
    lat, lon = (e.point.lat, e.point.lon) if e.point else (None, None)
    return (
        e.tenant, e.report_id, e.report_version, e.incident_index, e.event_id, e.organisation, e.source,
        e.channel, e.category, e.category_group, e.description or "", e.time_start, e.time_end,
        e.time_precision, e.local_date, e.iso_week, e.weekday, e.hour, e.part_of_day, lat, lon,
        e.location_precision, e.address or "", e.area_id or "", e.municipality_code or "",
        e.county_code or "", e.police_reported, e.flags, e.is_summary, e.occurred, e.published,
    )  # fmt: skip


REPORT_VERSION_COLUMNS = (
    "tenant", "report_id", "version", "retracted", "incident_count", "organisation", "source", "occurred",
    "published",
)  # fmt: skip


def report_version_row(v: ReportVersion) -> tuple[Any, ...]:
    return (
        v.tenant or "", v.report_id, v.version, v.retracted, v.incident_count, v.organisation, v.source,
        v.occurred, v.published,
    )  # fmt: skip


INTERVENTION_COLUMNS = (
    "tenant", "intervention_id", "version", "retracted", "title", "kind", "description", "area_id", "lat",
    "lon", "start", "end", "responsible_organisation", "status", "targeted_categories", "occurred",
    "published",
)  # fmt: skip


def intervention_row(i: Intervention) -> tuple[Any, ...]:
    point = i.place.point
    lat, lon = (point.lat, point.lon) if point else (None, None)
    return (
        i.tenant, i.event_id, i.version, i.retracted, i.title, i.kind, i.description or "",
        i.place.area_id or "", lat, lon, i.start, i.end, i.responsible_organisation, i.status,
        list(i.targeted_categories), i.occurred, i.published,
    )  # fmt: skip


AREA_COLUMNS = ("tenant", "area_id", "version", "retracted", "name", "kind", "geometry", "published")


def area_row(a: Area) -> tuple[Any, ...]:
    return (a.tenant, a.area_id, a.version, a.retracted, a.name, a.kind, json.dumps(a.geometry), a.published)


POLICE_EVENT_COLUMNS = (
    "police_id", "version", "tenant", "county_code", "published_at", "event_time", "name", "summary", "url",
    "type", "location_name", "location_precision", "lat", "lon", "is_summary",
)  # fmt: skip


def police_event_row(p: PoliceEvent) -> tuple[Any, ...]:
    lat, lon = (p.point.lat, p.point.lon) if p.point else (None, None)
    return (
        p.police_id, p.version, p.tenant or "", p.county_code or "", p.occurred, p.event_time, p.name,
        p.summary, p.url, p.type.strip(), p.location.name, p.location_precision, lat, lon, p.is_summary,
    )  # fmt: skip


SURVEY_COLUMNS = (
    "tenant", "result_id", "version", "retracted", "survey", "area_id", "period_start", "period_end",
    "indicator", "measure", "value", "respondents", "published",
)  # fmt: skip


def survey_row(s: SafetySurveyResult) -> tuple[Any, ...]:
    return (
        s.tenant, s.event_id, s.version, s.retracted, s.survey, s.area_id, s.period_start, s.period_end,
        s.indicator, s.measure, s.value, s.respondents, s.published,
    )  # fmt: skip


DEAD_LETTER_COLUMNS = (
    "letter_id", "tenant", "stage", "source_topic", "partition", "offset", "key", "original", "reason",
    "occurred",
)  # fmt: skip


def dead_letter_row(d: DeadLetter) -> tuple[Any, ...]:
    return (
        d.event_id, d.tenant or "", d.stage, d.source_topic, d.partition, d.offset, d.key or b"",
        d.original, d.reason, d.occurred,
    )  # fmt: skip


def writer(
    warehouse: Warehouse, table: str, columns: Sequence[str], to_row: Callable[[Any], tuple[Any, ...]]
) -> Callable[[Sequence[Any]], None]:
    def write(batch: Sequence[Any]) -> None:
        warehouse.insert(table, columns, [to_row(value) for value in batch])

    return write
