"""The police API's quirks, each seen in the real data, and what the importer makes of them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from embrace.sqlstore.boundaries import PlaceNames, county_key, name_key
from services.ingest.imports.police_notices import (
    ApiNotice,
    Observation,
    Unreadable,
    parse,
    police_notice,
    read_file,
)
from services.ingest.imports.police_places import place_of
from services.ingest.imports.police_times import event_time, published_at

STOCKHOLM = ZoneInfo("Europe/Stockholm")
NAMES = PlaceNames(
    municipalities={
        name_key("Kungsör"): ("1960", "19"),
        name_key("Upplands Väsby"): ("0114", "01"),
        name_key("Stockholm"): ("0180", "01"),
        name_key("Västerås"): ("1980", "19"),
    },
    counties={county_key("Västmanlands län"): "19", county_key("Stockholm"): "01"},
)


def notice(**fields: Any) -> ApiNotice:
    base = {
        "id": 588172,
        "datetime": "2025-06-07 7:32:06 +02:00",
        "name": "06 juni 18.50, Trafikbrott, Kungsör",
        "summary": "Bilist misstänks för brott.",
        "url": "/aktuellt/handelser/2025/juni/6/x/",
        "type": "Trafikbrott",
        "location": {"name": "Kungsör", "gps": "59.422397,16.097786"},
    }
    return ApiNotice.model_validate({**base, **fields})


def test_the_publication_hour_may_come_without_its_leading_zero() -> None:
    assert published_at("2025-06-07 7:32:06 +02:00") == datetime(2025, 6, 7, 5, 32, 6, tzinfo=UTC)
    assert published_at("2023-03-25 22:44:44 +01:00") == datetime(2023, 3, 25, 21, 44, 44, tzinfo=UTC)
    assert published_at("yesterday") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("7 juni 07.15, Stöld, Kungsör", datetime(2025, 6, 7, 7, 15, tzinfo=STOCKHOLM)),
        ("06 juni 18.50, Trafikbrott, Kungsör", datetime(2025, 6, 6, 18, 50, tzinfo=STOCKHOLM)),
        (
            "05 april 12:39, Olaga hot, Stockholm",
            datetime(2025, 4, 5, 12, 39, tzinfo=STOCKHOLM),
        ),  # before Nov 2023
        ("Uppdatering om trafiken", None),
    ],
)
def test_the_event_time_is_read_from_the_name(name: str, expected: datetime | None) -> None:
    assert (
        event_time(name, datetime(2025, 6, 7, 7, 32, tzinfo=timezone(timedelta(hours=2))), STOCKHOLM)
        == expected
    )


def test_the_year_of_the_event_is_inferred_across_new_year() -> None:
    published = published_at("2025-01-02 0:10:00 +01:00")
    assert published is not None
    assert event_time("31 december 23.50, Brand, Kungsör", published, STOCKHOLM) == datetime(
        2024, 12, 31, 23, 50, tzinfo=STOCKHOLM
    )
    assert event_time("01 januari 00.05, Brand, Kungsör", published, STOCKHOLM) == datetime(
        2025, 1, 1, 0, 5, tzinfo=STOCKHOLM
    )


def test_a_municipality_named_in_other_case_is_still_found() -> None:
    place = place_of(notice(location={"name": "Upplands väsby", "gps": "59.5,17.9"}), NAMES)
    assert (place.municipality, place.county, place.precision) == ("0114", "01", "municipality")


def test_under_a_county_the_municipality_is_what_follows_the_last_comma_of_the_name() -> None:
    under_county = notice(
        name="7 juni 07.15, Stöld, Kungsör", location={"name": "Västmanlands län", "gps": "59.6,16.3"}
    )
    place = place_of(under_county, NAMES)
    # The point is the county's centre: its precision stays "county" though the municipality is known.
    assert (place.municipality, place.county, place.precision) == ("1960", "19", "county")


def test_a_county_notice_naming_no_municipality_of_that_county_keeps_only_the_county() -> None:
    whole_county = notice(
        name="07 juni 07.25, Sammanfattning natt, Västmanlands län",
        location={"name": "Västmanlands län", "gps": "59.6,16.3"},
    )
    elsewhere = notice(
        name="7 juni 07.15, Stöld, Stockholm", location={"name": "Västmanlands län", "gps": "59,16"}
    )
    assert place_of(whole_county, NAMES).municipality is None
    assert place_of(elsewhere, NAMES).municipality is None  # Stockholm is not in Västmanland
    assert place_of(whole_county, NAMES).county == "19"


def test_a_notice_becomes_a_police_event_keeping_the_raw_text_beside_what_was_inferred() -> None:
    made = police_notice(notice(type="Lagen om hundar och katter "), 2, NAMES, STOCKHOLM, datetime.now(UTC))
    assert (made.tenant, made.version, made.police_id, made.location_precision) == (
        "1960",
        2,
        588172,
        "municipality",
    )
    assert made.type == "Lagen om hundar och katter "  # raw, as published
    assert made.event_time == datetime(2025, 6, 6, 18, 50, tzinfo=STOCKHOLM)
    assert made.point is not None
    assert (made.point.lat, made.point.lon) == (59.422397, 16.097786)
    assert not made.is_summary


def test_summary_notices_are_marked() -> None:
    made = police_notice(notice(type="Sammanfattning natt"), 1, NAMES, STOCKHOLM, datetime.now(UTC))
    assert made.is_summary


def test_an_empty_response_of_zero_bytes_holds_no_notices(tmp_path: Path) -> None:
    empty = tmp_path / "empty.json"
    empty.write_bytes(b"")
    assert list(read_file(empty)) == []


def test_a_saved_response_was_seen_when_its_newest_notice_was_published(tmp_path: Path) -> None:
    saved = tmp_path / "snapshot.json"
    older = notice().model_dump() | {"datetime": "2025-06-07 7:00:00 +02:00"}
    saved.write_text(json.dumps([notice().model_dump(), older]))
    seen = list(read_file(saved))
    assert {o.observed_at for o in seen if isinstance(o, Observation)} == {
        datetime(2025, 6, 7, 5, 32, 6, tzinfo=UTC)
    }
    assert [o.where for o in seen] == [f"{saved}: item 1", f"{saved}: item 2"]


def test_bad_lines_and_items_are_reported_with_their_place(tmp_path: Path) -> None:
    history = tmp_path / "history.jsonl"
    good = json.dumps({"fetched_at": "2025-03-01T15:26:30+00:00", "event": notice().model_dump()})
    history.write_text(
        "\n".join(
            [good, "{not json", json.dumps({"fetched_at": "2025-03-01T16:00:00+00:00", "event": {"id": "x"}})]
        )
    )
    items = list(read_file(history))
    assert isinstance(items[0], Observation)
    assert isinstance(items[1], Unreadable)
    assert items[1].where == f"{history}:2"
    assert isinstance(items[2], Observation)
    verdict = parse(items[2])
    assert isinstance(verdict, Unreadable)
    assert verdict.where == f"{history}:3"
    assert "id: Input should be a valid integer" in verdict.reason


def test_a_notice_time_in_the_spring_gap_or_the_repeated_autumn_hour_follows_the_local_time_rules() -> None:
    morning = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    spring = event_time("29 mars 02.30, Stöld, Kungsör", morning, STOCKHOLM)
    autumn = event_time("25 oktober 02.30, Stöld, Kungsör", morning.replace(month=10, day=25), STOCKHOLM)
    assert spring is not None
    assert autumn is not None
    # PEP 495: times in a fold never equal times of another zone, so they are compared in UTC.
    assert spring.astimezone(UTC).isoformat() == "2026-03-29T01:30:00+00:00"  # 03:30 summer time: moved on
    assert autumn.astimezone(UTC).isoformat() == "2026-10-25T00:30:00+00:00"  # 02:30 summer time: the first
