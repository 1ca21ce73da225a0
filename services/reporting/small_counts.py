"""Small counts, protected in reports that leave the tenant's own organisations.

The rule: a count of 1 or 2 is shown as "< 3". Where a table also shows its total, more cells are hidden
("–") until the hidden ones cannot be worked out from the total and the cells shown: a hidden set is
safe when more than one assignment of values fits it (1–2 for the small ones, 3 or more for the rest).
A total of 1 or 2 is itself shown as "< 3". Means, z-scores and last year's counts are left out, since
they can give away small counts of other weeks.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

SMALL, HIDDEN = "< 3", "–"


def hidden_cells(values: Sequence[int], total_shown: bool) -> dict[int, str]:
    """The positions to hide, each with what to show instead."""
    small = {i for i, v in enumerate(values) if 1 <= v <= 2}
    hidden = set(small)
    while total_shown and hidden and _determined(tuple(values[i] for i in sorted(hidden)),
                                                 tuple(i in small for i in sorted(hidden))):  # fmt: skip
        visible = sorted((v, i) for i, v in enumerate(values) if i not in hidden and v > 0)
        if not visible:
            break
        hidden.add(visible[0][1])
    return {i: SMALL if i in small else HIDDEN for i in hidden}


def shown(value: int) -> Any:
    return SMALL if 1 <= value <= 2 else value


def _determined(values: tuple[int, ...], small: tuple[bool, ...]) -> bool:
    """Whether only one assignment (1–2 where small, 3 or more elsewhere) sums to the hidden total."""
    return _ways(sum(values), small) <= 1


@lru_cache(maxsize=4096)
def _ways(total: int, small: tuple[bool, ...]) -> int:
    """Assignments of the cells that sum to ``total``, counted up to 2 (enough to know "not unique")."""
    if not small:
        return 1 if total == 0 else 0
    first, rest = small[0], small[1:]
    values = range(1, 3) if first else range(3, total + 1)
    found = 0
    for value in values:
        if value <= total:
            found += _ways(total - value, rest)
            if found > 1:
                return 2
    return found


def protect(body: dict[str, Any]) -> dict[str, Any]:
    """A weekly report's JSON as it may leave the tenant's organisations."""
    totals = body["totals"]
    out = {**body, "protected": True, "totals": {**totals, "incidents": shown(totals["incidents"])}}
    by = {}
    for dimension, rows in body["by"].items():
        hide = hidden_cells([row["last_week"] for row in rows], total_shown=True)
        by[dimension] = [{"key": row["key"], "last_week": hide.get(n, row["last_week"]), "flag": ""}
                         for n, row in enumerate(rows)]  # fmt: skip
    out["by"] = by
    for name in ("by_source", "by_category_group"):
        keys = list(totals[name])
        hide = hidden_cells([totals[name][k] for k in keys], total_shown=True)
        out["totals"][name] = {k: hide.get(n, totals[name][k]) for n, k in enumerate(keys)}
    out["sources"] = {**body["sources"], "by_source": out["totals"]["by_source"],
                      "police_without_place": shown(body["sources"]["police_without_place"])}  # fmt: skip
    grid = [v for row in body["times"]["hour_weekday"] for v in row]
    hide = hidden_cells(grid, total_shown=True)
    cells = [hide.get(n, v) for n, v in enumerate(grid)]
    out["times"] = {**body["times"], "hour_weekday": [cells[d * 24 : d * 24 + 24] for d in range(7)],
                    "timed": shown(body["times"]["timed"])}  # fmt: skip
    out["cells"] = [{**cell, "incidents": shown(cell["incidents"])} for cell in body["cells"]]
    out["trend"] = {week: shown(n) for week, n in body["trend"].items()}
    if body.get("focus"):  # where, not how many: the hot cells' counts stay inside
        focus = body["focus"]
        out["focus"] = {**focus, "hotspots": [{k: v for k, v in h.items() if k not in ("count", "around")}
                                              for h in focus["hotspots"]]}  # fmt: skip
    return out


def _reason(reason: dict[str, Any]) -> dict[str, Any]:
    """A priority's reason with its small counts protected, and a rise without its figures (they rest on
    earlier quarters' counts)."""
    if reason["reason"] == "rising":
        return {"reason": "rising"}
    return {**reason, "incidents": shown(reason["incidents"])} if "incidents" in reason else reason


def protect_quarterly(body: dict[str, Any]) -> dict[str, Any]:
    """A quarterly analysis as it may leave the tenant's organisations: counts protected as above; means,
    z-scores, last year's counts, scores and the effect measures left out (verdicts stay)."""
    phenomena = body["phenomena"]
    hide = hidden_cells([p["incidents"] for p in phenomena], total_shown=True)

    def area(a: dict[str, Any]) -> dict[str, Any]:
        reasons = [_reason(r) for r in a["reasons"]]
        return {"area": a["area"], "incidents": shown(a["incidents"]), "reasons": reasons,
                "top_categories": [(c, shown(n)) for c, n in a["top_categories"]]}  # fmt: skip

    return {
        **body, "protected": True,
        "totals": {"incidents": shown(body["totals"]["incidents"])},
        "phenomena": [{**p, "incidents": hide.get(n, p["incidents"])} for n, p in enumerate(phenomena)],
        "areas": [area(a) for a in body["areas"]], "priorities": [area(a) for a in body["priorities"]],
        "places": [{**c, "incidents": shown(c["incidents"])} for c in body["places"]],
        "times": [{**t, "incidents": shown(t["incidents"])} for t in body["times"]],
        "interventions": [{"title": i["title"], "area": i["area"], "verdict": i["verdict"]}
                          for i in body["interventions"]],
        "decided_before": [{**d, "before": shown(d["before"]), "during": shown(d["during"])}
                           for d in body.get("decided_before", [])],
    }  # fmt: skip
