"""Notices of the Swedish Police events API (polisen.se/api/events), as saved or fetched, with their quirks.

* ``datetime`` is the publication time, its hour not always zero-padded (``2025-06-07 7:32:06 +02:00``).
* The notice's own time is only in ``name``: ``"7 juni 07.15, Stöld, Kungsör"`` (before November 2023
  ``"05 april 12:39"``), with a Swedish month and no year; the year comes from the publication time.
* ``location.name`` is a municipality or a county (``"Skåne län"``); since 2026 almost always the county,
  the municipality then being what follows the last comma of ``name``. Case differs from the official
  names (``"Upplands väsby"``).
* ``location.gps`` is the centre of that municipality or county, never the incident's own place.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, ValidationError

from embrace.codec import describe
from embrace.contracts import PoliceNotice
from embrace.contracts.police import PoliceLocation
from embrace.sqlstore.boundaries import PlaceNames
from services.ingest.imports.police_places import gps_point, place_of
from services.ingest.imports.police_times import event_time, published_at

POLICE_NOTICE = uuid.UUID("0e5b7f6a-2a55-4b4f-9a8e-1c7d1f3b9e21")


class ApiLocation(BaseModel):
    model_config = ConfigDict(extra="ignore")
    name: str
    gps: str


class ApiNotice(BaseModel):
    """One notice as the API publishes it; fields the API may add later are ignored."""

    model_config = ConfigDict(extra="ignore")
    id: int
    datetime: str
    name: str
    summary: str
    url: str
    type: str
    location: ApiLocation

    def fingerprint(self) -> str:
        """The notice's content, canonical: equal for an unchanged notice, different for any change."""
        return json.dumps(self.model_dump(), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Observation:
    """A notice as seen at some moment, and where in which file it was seen."""

    raw: Any
    observed_at: datetime
    where: str


@dataclass(frozen=True)
class Unreadable:
    where: str
    reason: str


def read_files(paths: list[Path]) -> Iterator[Observation | Unreadable]:
    for path in paths:
        yield from read_file(path)


def read_file(path: Path) -> Iterator[Observation | Unreadable]:
    """An API response (a JSON array; empty, even 0 bytes, is no news) or a history of JSON lines."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        yield Unreadable(str(path), f"cannot read: {exc}")
        return
    if not content.strip():
        return
    if content.lstrip().startswith("["):
        yield from read_response(str(path), content)
    else:
        yield from _history(path, content)


def read_response(
    where: str, content: str, observed_at: datetime | None = None
) -> Iterator[Observation | Unreadable]:
    """One API response. A live one was seen when fetched; a saved one has no time of its own, and
    was fetched after its newest notice was published."""
    try:
        items = json.loads(content)
    except json.JSONDecodeError as exc:
        yield Unreadable(f"{where}:{exc.lineno}", f"not JSON: {exc.msg}")
        return
    if not isinstance(items, list):
        yield Unreadable(where, "not a JSON array of notices")
        return
    if observed_at is None:
        times = [
            published_at(i["datetime"])
            for i in items
            if isinstance(i, dict) and isinstance(i.get("datetime"), str)
        ]
        observed_at = max((t for t in times if t is not None), default=datetime.now(UTC))
    for number, item in enumerate(items, start=1):
        yield Observation(item, observed_at, f"{where}: item {number}")


def _history(path: Path, content: str) -> Iterator[Observation | Unreadable]:
    for line_number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}:{line_number}"
        try:
            record = json.loads(line)
            fetched = datetime.fromisoformat(record["fetched_at"])
            notice = record["event"]
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            yield Unreadable(where, f"not a history line {{fetched_at, event}}: {exc}")
            continue
        if fetched.tzinfo is None:
            yield Unreadable(where, "fetched_at has no time zone")
            continue
        yield Observation(notice, fetched, where)


def parse(observation: Observation) -> ApiNotice | Unreadable:
    try:
        notice = ApiNotice.model_validate(observation.raw)
    except ValidationError as exc:
        return Unreadable(observation.where, f"not a police notice: {describe(exc)}")
    if published_at(notice.datetime) is None:
        return Unreadable(observation.where, f"datetime {notice.datetime!r} is not a publication time")
    return notice


def police_notice(
    notice: ApiNotice, version: int, names: PlaceNames, zone: ZoneInfo, now: datetime
) -> PoliceNotice:
    published = published_at(notice.datetime)
    assert published is not None  # parse() refused the notice otherwise
    place = place_of(notice, names)
    return PoliceNotice(
        event_id=uuid.uuid5(POLICE_NOTICE, str(notice.id)),
        tenant=place.municipality,
        occurred=published,
        published=now,
        version=version,
        police_id=notice.id,
        datetime=notice.datetime,
        name=notice.name,
        summary=notice.summary,
        url=notice.url,
        type=notice.type,
        location=PoliceLocation(name=notice.location.name, gps=notice.location.gps),
        event_time=event_time(notice.name, published, zone),
        county_code=place.county,
        location_precision=place.precision,
        point=gps_point(notice.location.gps),
        is_summary=notice.type.strip().casefold().startswith("sammanfattning"),
    )
