"""Small charts as inline SVG, so a report is one self-contained file that prints and mails well.

Only what the reports need: bars over weeks, a heat grid (hour x weekday) and a dot map of cells
over the outlines of areas.
Text is escaped; sizes are in user units and scale with the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

INK, MUTED, ACCENT, PAPER = "#1f2937", "#6b7280", "#b91c1c", "#f3f4f6"
Shown = int | str  # a count, or what protects a small one ("< 3")
Outline = dict[str, Any]  # {"name": ..., "rings": [[[lon, lat], ...], ...]}


def _size(value: Shown) -> int:
    return value if isinstance(value, int) else 0


def bars(
    labels: Sequence[str], values: Sequence[Shown], *, highlight_last: bool = True, title: str = ""
) -> str:
    width, height, top, bottom = 640, 200, 16, 36
    step = width / max(len(values), 1)
    peak = max([*map(_size, values), 1])
    parts = []
    for n, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = (height - top - bottom) * _size(value) / peak
        x, y = n * step + step * 0.15, height - bottom - h
        colour = ACCENT if highlight_last and n == len(values) - 1 else MUTED
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{step * 0.7:.1f}" height="{h:.1f}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{y - 3:.1f}" font-size="11" text-anchor="middle" '
                     f'fill="{INK}">{escape(str(value))}</text>')  # fmt: skip
        parts.append(f'<text x="{x + step * 0.35:.1f}" y="{height - bottom + 14}" font-size="10" '
                     f'text-anchor="middle" fill="{MUTED}">{escape(label)}</text>')  # fmt: skip
    return _svg(width, height, "".join(parts), title)


def heat(
    rows: Sequence[str], columns: Sequence[str], values: Sequence[Sequence[Shown]], title: str = ""
) -> str:
    cell, left, top = 24, 40, 18
    width, height = left + cell * len(columns), top + cell * len(rows)
    peak = max([_size(v) for row in values for v in row] + [1])
    parts = [f'<text x="{left + c * cell + cell / 2}" y="12" font-size="9" text-anchor="middle" '
             f'fill="{MUTED}">{escape(name)}</text>' for c, name in enumerate(columns)]  # fmt: skip
    for r, (name, row) in enumerate(zip(rows, values, strict=True)):
        y = top + r * cell
        parts.append(f'<text x="{left - 6}" y="{y + 16}" font-size="11" text-anchor="end" fill="{INK}">'
                     f"{escape(name)}</text>")  # fmt: skip
        for c, value in enumerate(row):
            shade = _size(value) / peak
            parts.append(
                f'<rect x="{left + c * cell}" y="{y}" width="{cell - 2}" height="{cell - 2}" '
                f'fill="{ACCENT}" fill-opacity="{0.08 + 0.92 * shade:.2f}"><title>{value}</title></rect>'
            )
            if value:
                ink = PAPER if shade > 0.5 else INK
                parts.append(f'<text x="{left + c * cell + cell / 2 - 1}" y="{y + 15}" font-size="10" '
                             f'text-anchor="middle" fill="{ink}">{escape(str(value))}</text>')  # fmt: skip
    return _svg(width, height, "".join(parts), title)


def dots(points: Sequence[tuple[float, float, Shown]], areas: Sequence[Outline] = (), title: str = "") -> str:
    """Cells as dots sized by count over the outlines of areas (no map tiles: nothing external)."""
    width, height, pad = 420, 300, 24
    corners = [(lon, lat) for lat, lon, _ in points] + [
        tuple(c) for a in areas for r in a["rings"] for c in r
    ]
    if not corners:
        return _svg(width, height, "", title)
    place = _projection(corners, width, height, pad)
    parts = [f'<rect x="0" y="0" width="{width}" height="{height}" fill="{PAPER}"/>']
    for area in areas:
        for ring in area["rings"]:
            drawn = " ".join("{:.1f},{:.1f}".format(*place(lon, lat)) for lon, lat in ring)
            parts.append(f'<polygon points="{drawn}" fill="{MUTED}" fill-opacity="0.08" stroke="{MUTED}" '
                         f'stroke-width="1.2"><title>{escape(area["name"])}</title></polygon>')  # fmt: skip
        x, y = place(*_top(area["rings"][0])) if area["rings"] else (0.0, 0.0)
        parts.append(f'<text x="{x:.1f}" y="{y - 4:.1f}" font-size="10" text-anchor="middle" fill="{MUTED}">'
                     f"{escape(area['name'])}</text>")  # fmt: skip
    peak = max([_size(p[2]) for p in points] + [1])
    for lat, lon, count in points:
        x, y = place(lon, lat)
        r = 4 + 14 * (_size(count) / peak) ** 0.5
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{ACCENT}" fill-opacity="0.55"/>'
                     f'<text x="{x:.1f}" y="{y + 4:.1f}" font-size="10" text-anchor="middle" '
                     f'fill="{INK}">{escape(str(count))}</text>')  # fmt: skip
    return _svg(width, height, "".join(parts), title)


def _projection(
    corners: Sequence[tuple[float, ...]], width: int, height: int, pad: int
) -> Callable[[float, float], tuple[float, float]]:
    """Longitude and latitude to the picture, one scale for both (degrees of longitude shrunk by the
    cosine of the latitude), centred; so areas keep their shape."""
    lons, lats = [c[0] for c in corners], [c[1] for c in corners]
    shrink = math.cos(math.radians((min(lats) + max(lats)) / 2))
    span_x, span_y = max((max(lons) - min(lons)) * shrink, 0.005), max(max(lats) - min(lats), 0.005)
    scale = min((width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    left = (width - span_x * scale) / 2 - (min(lons) * shrink * scale)
    top = (height + span_y * scale) / 2 + min(lats) * scale

    def place(lon: float, lat: float) -> tuple[float, float]:
        return left + lon * shrink * scale, top - lat * scale

    return place


def _top(ring: Sequence[Sequence[float]]) -> tuple[float, float]:
    """Above the area, where its name stays clear of the dots inside it."""
    return sum(c[0] for c in ring) / len(ring), max(c[1] for c in ring)


def _svg(width: float, height: float, body: str, title: str) -> str:
    label = f"<title>{escape(title)}</title>" if title else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
            f'style="max-width:100%;height:auto">{label}{body}</svg>')  # fmt: skip
