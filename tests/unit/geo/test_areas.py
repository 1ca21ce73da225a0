"""A tenant's nested areas: which contain a point, smallest first, which an H3 cell is read as part of,
and what nesting must hold."""

from __future__ import annotations

import h3
import numpy as np

from embrace.geo.areas import AreaIndex, TenantArea, nesting_problems
from embrace.geo.cells import areas_of
from tests.support.builders import square

DISTRICT = TenantArea.of("soder", "Söder", None, square(18.00, 59.30, 0.10))
NEIGHBOURHOOD = TenantArea.of("hogalid", "Högalid", "soder", square(18.02, 59.32, 0.03))
HOTSPOT = TenantArea.of("torget", "Torget", "hogalid", square(18.03, 59.33, 0.005))
ELSEWHERE = TenantArea.of("norr", "Norr", None, square(18.20, 59.50, 0.05))
INDEX = AreaIndex([HOTSPOT, ELSEWHERE, DISTRICT, NEIGHBOURHOOD])


def containing(*points: tuple[float, float]) -> list[list[str]]:
    lats, lons = (np.array(axis, dtype=float) for axis in zip(*points, strict=True))
    return INDEX.containing(lats, lons)


def test_a_point_gets_every_area_it_lies_in_smallest_first() -> None:
    assert containing((59.332, 18.032)) == [["torget", "hogalid", "soder"]]
    assert containing((59.325, 18.025)) == [["hogalid", "soder"]]
    assert containing((59.305, 18.005)) == [["soder"]]
    assert containing((59.0, 17.0)) == [[]]


def test_many_points_at_once_keep_their_order() -> None:
    assert containing((59.52, 18.22), (59.332, 18.032), (59.0, 17.0)) == [
        ["norr"],
        ["torget", "hogalid", "soder"],
        [],
    ]


def test_a_point_on_a_boundary_is_in_the_area() -> None:
    assert containing((59.33, 18.03)) == [["torget", "hogalid", "soder"]]


def test_an_area_given_by_id_comes_with_its_ancestors() -> None:
    assert INDEX.lineage("torget") == ["torget", "hogalid", "soder"]
    assert INDEX.lineage("norr") == ["norr"]
    assert INDEX.lineage("okand") == ["okand"]


def test_a_child_must_lie_within_its_parent_give_or_take_a_few_metres() -> None:
    almost = TenantArea.of("kanten", "Kanten", "hogalid", square(18.0499 - 0.005, 59.32, 0.0052))  # 10 m out
    outside = TenantArea.of("utanfor", "Utanför", "hogalid", square(18.045, 59.32, 0.02))
    orphan = TenantArea.of("ensam", "Ensam", "saknas", square(18.03, 59.33, 0.001))
    areas = {a.area_id: a for a in (DISTRICT, NEIGHBOURHOOD, HOTSPOT, almost, outside, orphan)}
    problems = nesting_problems(areas)
    assert set(problems) == {"utanfor", "ensam"}
    assert "not within its parent 'hogalid'" in problems["utanfor"]
    assert "'saknas' is not one of the tenant's areas" in problems["ensam"]


def test_areas_that_name_each_other_as_parents_are_a_cycle() -> None:
    one = TenantArea.of("ett", "Ett", "tva", square(18.0, 59.3, 0.01))
    two = TenantArea.of("tva", "Två", "ett", square(18.0, 59.3, 0.01))
    assert "a cycle" in nesting_problems({"ett": one, "tva": two})["ett"]


CELL = h3.latlng_to_cell(59.28, 15.21, 8)
LAT, LON = h3.cell_to_latlng(CELL)


def around_the_centre(area_id: str, west: float, south: float, size: float, height: float) -> TenantArea:
    """An area placed relative to CELL's centre, in degrees."""
    return TenantArea.of(area_id, area_id, None, square(LON + west, LAT + south, size, height))


def test_a_cell_is_read_as_part_of_the_smallest_area_holding_its_centre() -> None:
    index = AreaIndex(
        [
            around_the_centre("wide", -0.1, -0.1, 0.2, 0.2),
            around_the_centre("near", -0.001, -0.001, 0.002, 0.002),
        ]
    )
    assert areas_of(index, [CELL]) == ["near"]


def test_a_cell_whose_centre_lies_in_no_area_is_read_as_part_of_the_area_covering_most_of_it() -> None:
    smaller_than_the_cell = around_the_centre("torget", 0.001, 0.001, 0.0005, 0.0005)
    assert areas_of(AreaIndex([smaller_than_the_cell]), [CELL]) == ["torget"]
    west, east = (
        around_the_centre("west", -0.01, -0.001, 0.0095, 0.002),
        around_the_centre("east", 0.0005, -0.003, 0.0095, 0.006),
    )
    assert areas_of(AreaIndex([west, east]), [CELL]) == ["east"]


def test_a_cell_touching_no_area_is_part_of_none() -> None:
    assert areas_of(AreaIndex([around_the_centre("far", 0.1, 0.1, 0.01, 0.01)]), [CELL]) == [""]
    assert areas_of(AreaIndex([]), [CELL]) == [""]
