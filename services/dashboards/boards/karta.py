"""Karta: where incidents happen, drawn only as precisely as they are known.

Points only for incidents placed by a point or an address; H3 cells (resolution 7) as a heat layer of
the same; police notices, which are placed by municipality or county only, as those areas' counts at
their centres, never as points.
"""

from __future__ import annotations

from typing import Any

from grafana_foundation_sdk.builders import geomap
from grafana_foundation_sdk.builders.common import FrameGeometrySource, MapLayerOptions
from grafana_foundation_sdk.builders.dashboard import Dashboard
from grafana_foundation_sdk.cog import builder as cogbuilder
from grafana_foundation_sdk.models.common import FrameGeometrySourceMode
from grafana_foundation_sdk.models.common import MapLayerOptions as Layer

from embrace.geo.cells import text_in_warehouse
from services.dashboards.boards.frame import KARTA, frame
from services.dashboards.counting import INCIDENTS, TO_DAY, incidents_where, iso_week
from services.dashboards.named_columns import TENANTS, named
from services.dashboards.names import named_values
from services.dashboards.panels import cross_filter
from services.dashboards.queries import CLICKHOUSE, SQL
from services.dashboards.variables import tenant_only

PLACED = "location_precision IN ('point', 'address') AND lat IS NOT NULL"
POINTS = f"""
SELECT lat, lon, category, tenant, toString(time_start) AS time FROM {INCIDENTS}
WHERE {incidents_where()} AND {PLACED} ORDER BY time_start DESC LIMIT 5000
"""
# A cell is drawn where its incidents are on average (inside the cell): h3ToGeo's result order differs
# between ClickHouse versions (lon, lat before 25.x; lat, lon after).
CELLS = f"""
SELECT avg(y) AS lat, avg(x) AS lon, {text_in_warehouse("h3_r7")} AS cell, tenant, count() AS incidents
FROM (
    SELECT h3_r7, tenant, lat AS y, lon AS x FROM {INCIDENTS}
    WHERE {incidents_where()} AND {PLACED} AND h3_r7 != 0
)
GROUP BY h3_r7, tenant ORDER BY incidents DESC LIMIT 20000
"""
# Counted from the incidents (so every variable applies), placed at the centre the police API gives the
# municipality or county, and named as the police name it. Grouped in subqueries: an alias named like a
# column would stand for it in WHERE.
POLICE_AREAS = f"""
SELECT place, name, precision, lat, lon, notices FROM (
    SELECT if(location_precision = 'county', county_code, municipality_code) AS place,
    location_precision AS precision, count() AS notices FROM {INCIDENTS}
    WHERE {incidents_where()} AND source = 'police_events'
    AND location_precision IN ('municipality', 'county') GROUP BY place, precision
) AS counted INNER JOIN (
    SELECT place, precision, avg(y) AS lat, avg(x) AS lon, any(location) AS name FROM (
        SELECT if(location_precision = 'county', county_code, tenant) AS place,
        location_precision AS precision, lat AS y, lon AS x, location_name AS location
        FROM {{db}}.police_events FINAL
        WHERE lat IS NOT NULL AND location_precision IN ('municipality', 'county')
    ) GROUP BY place, precision
) AS centres USING (place, precision) ORDER BY notices DESC
"""


# Where next (docs/where-next.md): each tenant's latest place outlook up to the end of the time range,
# as the weekly schedule computed it, over all categories or per category group. It follows Kommun,
# Kategorigrupp and the time range: with one group or all, that group's own model and test; with some,
# each group's hot spots, and the sum of their expectations (a sum of means is the mean of the sum).
# The finer variables cannot narrow a model fitted for a whole group.
TO_WEEK = iso_week(TO_DAY)
# All groups ('' in the table) while Kategorigrupp is "All", else the groups chosen.
GROUPS = "if($__conditionalAll(0, $category_group), [''], [${category_group:singlequote}])"
OUTLOOK = f"""
FROM {{db}}.place_outlook FINAL
WHERE {tenant_only()} AND has({GROUPS}, category_group) AND (tenant, week) IN (
    SELECT tenant, max(week) FROM {{db}}.place_outlook WHERE {tenant_only()} AND as_of <= {TO_WEEK}
    GROUP BY tenant
)"""
HOT = f"SELECT lat, lon, cell, tenant, category_group, gi_z {OUTLOOK} AND kind = 'hot' ORDER BY gi_z DESC"
FORECAST = f"""
SELECT any(y) AS lat, any(x) AS lon, cell, tenant, sum(e) AS expected FROM (
    SELECT lat AS y, lon AS x, cell, tenant, expected AS e {OUTLOOK} AND expected IS NOT NULL
) GROUP BY tenant, cell ORDER BY expected DESC"""


def _layer(kind: str, name: str, ref_id: str, config: dict[str, Any]) -> cogbuilder.Builder[Layer]:
    where = FrameGeometrySource().mode(FrameGeometrySourceMode.COORDS).latitude("lat").longitude("lon")
    return (
        MapLayerOptions().type(kind).name(name).config(config).location(where).tooltip(True)
        .filter_data({"id": "byRefId", "options": ref_id})
    )  # fmt: skip


def _markers(size: dict[str, Any], color: str, text: dict[str, Any] | None = None) -> dict[str, Any]:
    style: dict[str, Any] = {"size": size, "color": {"fixed": color}, "opacity": 0.7,
                             "symbol": {"mode": "fixed", "fixed": "img/icons/marker/circle.svg"}}  # fmt: skip
    if text:
        style["text"] = text
    return {"showLegend": True, "style": style}


def karta() -> Dashboard:
    layers = [
        _layer("heatmap", "H3-celler", "B",
               {"blur": 15, "radius": 6, "weight": {"field": "incidents", "fixed": 1, "min": 0, "max": 1}}),
        _layer("markers", "Händelser med plats", "A", _markers({"fixed": 4}, "dark-red")),
        _layer("markers", "Polisens händelser per kommun och län", "C",
               _markers({"field": "notices", "min": 6, "max": 30}, "blue",
                        {"field": "notices", "mode": "field"})),
        _layer("heatmap", "Väntat nästa vecka (prognos)", "E",
               {"blur": 20, "radius": 10, "weight": {"field": "expected", "fixed": 1, "min": 0, "max": 1}}),
        _layer("markers", "Testade hot spots", "D",
               _markers({"field": "gi_z", "min": 6, "max": 20}, "orange")),
    ]  # fmt: skip
    view = geomap.MapViewConfig().id("coords").lat(62).lon(16).zoom(5)
    panel = (
        geomap.Panel().title("Karta").description("Incidents placed by point or address as points, H3 cells "
        "(resolution 7) as heat, police notices as counts per municipality or county at their centres, and "
        "where next: the tested hot spots of the four weeks before and next week's expected incidents per "
        "resolution-8 cell (the latest weekly outlook up to the range's end; Kommun and Kategorigrupp "
        "apply, the finer variables do not narrow a model fitted per group). "
        "Click a point or cell to filter on its category or municipality.").datasource(CLICKHOUSE)
        .with_target(SQL(POINTS, ref_id="A")).with_target(SQL(CELLS, ref_id="B"))
        .with_target(SQL(POLICE_AREAS, ref_id="C")).with_target(SQL(HOT, ref_id="D"))
        .with_target(SQL(FORECAST, ref_id="E")).view(view).layers(layers).span(24).height(18)
        .mappings(named_values())
        .data_links([cross_filter(KARTA, {"tenant": "tenant"}, "Filtrera på kommunen"),
                     cross_filter(KARTA, {"category": "category"}, "Filtrera på kategorin")])
    )  # fmt: skip
    return frame(KARTA, "Karta", "Where incidents happen, never drawn more precisely than they are known."
                 ).with_panel(named(panel, TENANTS))  # fmt: skip
