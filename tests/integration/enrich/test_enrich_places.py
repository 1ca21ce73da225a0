"""Where, on the real boundaries: municipalities and counties by point, borders, lakes, coasts, abroad;
nested areas, gazetteer and area names; H3 cells and darkness by the place that is known."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
import shapely

from embrace.bus.stages import Rejected
from embrace.contracts import Area, EnrichedIncident, Place
from embrace.contracts.fields import GeoPoint
from embrace.geo.boundaries import Boundaries
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.enrich.enrichment import EnrichContext
from services.enrich.places import PlaceBook
from tests.support.builders import incident, report, square
from tests.support.enriching import facts_of
from tests.support.geo import real_boundaries

WHEN = datetime(2026, 1, 27, 21, 0, tzinfo=UTC)  # a January evening: dark everywhere in Sweden
REPORTED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
CITIES = {  # (lat, lon) -> (municipality, county)
    (59.3293, 18.0686): ("0180", "01"),  # Stockholm
    (55.6050, 13.0038): ("1280", "12"),  # Malmö
    (57.7089, 11.9746): ("1480", "14"),  # Göteborg
    (63.8258, 20.2630): ("2480", "24"),  # Umeå
    (67.8558, 20.2253): ("2584", "25"),  # Kiruna
}


@pytest.fixture(scope="module")
def boundaries(data_dir: Path) -> Boundaries:
    return real_boundaries(data_dir)


@pytest.fixture
def context(boundaries: Boundaries, taxonomy: Taxonomy) -> EnrichContext:
    return EnrichContext(
        taxonomy, ZoneInfo("Europe/Stockholm"), Policy(), Policy(max_age=None), PlaceBook(boundaries)
    )


def locate(boundaries: Boundaries, lat: float, lon: float) -> str | None:
    [at] = boundaries.locate(np.array([lat]), np.array([lon]))
    return boundaries.municipalities[at].code if at >= 0 else None


def fact(context: EnrichContext, tenant: str = "0180", **where: object) -> EnrichedIncident:
    made = report(incident(at=WHEN, **{"area_id": None, **where}), tenant=tenant, occurred=REPORTED)  # type: ignore[arg-type]
    [only] = facts_of(made, context)
    return only


def test_points_in_five_municipalities_get_their_municipality_and_county(context: EnrichContext) -> None:
    for (lat, lon), expected in CITIES.items():
        found = fact(context, point=(lat, lon))
        assert (found.municipality_code, found.county_code) == expected
        assert (found.tenant, found.location_precision) == ("0180", "point")  # the tenant is who reported


def test_a_point_on_a_shared_border_belongs_to_the_municipality_with_the_lowest_code(
    boundaries: Boundaries,
) -> None:
    shapes = {m.code: m.geometry for m in boundaries.municipalities}
    for x, y in shapely.get_coordinates(shapes["0180"].boundary):
        sharing = sorted(code for code, shape in shapes.items() if shape.covers(shapely.Point(x, y)))
        if len(sharing) > 1:
            assert locate(boundaries, y, x) == sharing[0]
            return
    pytest.fail("Stockholm shares no boundary vertex with a neighbour in this data")


def test_a_point_in_a_lake_lies_in_a_shore_municipality(boundaries: Boundaries) -> None:
    assert locate(boundaries, 58.90, 13.30) == "1785"  # Vänern off Säffle: the lakes are divided up
    assert locate(boundaries, 58.40, 14.60) is not None  # Vättern, a hole in the boundaries


def test_a_point_just_off_the_coast_belongs_to_the_nearest_municipality_and_far_out_to_none(
    boundaries: Boundaries,
) -> None:
    malmo = next(m for m in boundaries.municipalities if m.code == "1280").geometry
    west = min(shapely.get_coordinates(malmo), key=lambda xy: xy[0])
    near, far = (
        (float(west[0]) - 0.016, float(west[1])),
        (float(west[0]) - 0.16, float(west[1])),
    )  # 1 and 10 km
    assert not malmo.covers(shapely.Point(*near))
    assert locate(boundaries, near[1], near[0]) == "1280"
    assert locate(boundaries, far[1], far[0]) is None


def test_a_point_outside_sweden_cannot_be_placed_and_the_report_is_rejected(context: EnrichContext) -> None:
    for lat, lon in ((55.6761, 12.5683), (59.9139, 10.7522)):  # Copenhagen (inside the bounding box), Oslo
        made = report(incident(at=WHEN, point=(lat, lon)), tenant="0180", occurred=REPORTED)
        with pytest.raises(Rejected, match=r"location\.point: the point is not in Sweden"):
            facts_of(made, context)


def area(area_id: str, south: float, west: float, size: float, parent: str | None = None) -> Area:
    return Area(event_id=uuid.uuid4(), tenant="0180", occurred=REPORTED, published=REPORTED, area_id=area_id,
                name=area_id.title(), kind="hotspot", parent=parent,
                geometry=square(west, south, size))  # fmt: skip


def test_nested_areas_are_assigned_smallest_first_and_an_area_alone_brings_its_ancestors(
    context: EnrichContext,
) -> None:
    for made in (area("sodermalm", 59.30, 18.00, 0.08), area("hogalid", 59.31, 18.03, 0.02, "sodermalm"),
                 area("torget", 59.315, 18.04, 0.004, "hogalid")):  # fmt: skip
        context.book.apply_area(made)
    by_point = fact(context, point=(59.317, 18.042))
    assert (by_point.area_id, by_point.area_ids) == ("torget", ["torget", "hogalid", "sodermalm"])
    by_area = fact(context, area_id="hogalid")
    assert (by_area.area_id, by_area.area_ids, by_area.location_precision) == (
        "hogalid", ["hogalid", "sodermalm"], "area"
    )  # fmt: skip
    assert (by_area.point, by_area.h3_r9, by_area.municipality_code) == (None, None, "0180")
    assert by_area.is_dark is True  # judged at the area's centre


def test_text_is_resolved_through_the_gazetteer_and_the_area_names_regardless_of_case_and_accents(
    context: EnrichContext,
) -> None:
    context.book.apply_area(area("hogalid", 59.31, 18.03, 0.02))
    playground = GeoPoint(lat=59.3163, lon=18.0408)
    context.book.apply_place(
        Place(
            event_id=uuid.uuid4(),
            tenant="0180",
            occurred=REPORTED,
            published=REPORTED,
            name="Lekplatsen vid Högalidsskolan",
            point=playground,
            area_id="hogalid",
        )
    )
    resolved = fact(context, address="  lekplatsen vid HOGALIDSSKOLAN ")
    assert (resolved.location_precision, resolved.point, resolved.area_ids) == (
        "address", GeoPoint(lat=59.3163, lon=18.0408), ["hogalid"]
    )  # fmt: skip
    assert resolved.h3_r9 is not None
    by_name = fact(context, address="Högalid")
    assert (by_name.location_precision, by_name.area_id, by_name.point) == ("area", "hogalid", None)
    unknown = fact(context, address="Bakom macken")
    assert (unknown.location_precision, unknown.point, unknown.flags) == (
        "address",
        None,
        ["unresolved_address"],
    )


def test_h3_cells_are_those_of_the_h3_library_and_of_clickhouse_and_only_for_resolved_places(
    context: EnrichContext, warehouse: Warehouse
) -> None:
    found = fact(context, point=(59.3293, 18.0686))
    assert (found.h3_r7, found.h3_r9) == ("870886618ffffff", "89088661887ffff")
    # ClickHouse 25 and later take (lat, lon); older servers took (lon, lat).
    assert warehouse.query("SELECT lower(hex(geoToH3(59.3293, 18.0686, 9)))") == [("089088661887ffff",)]
    assert fact(context, area_id="okant").h3_r7 is None
