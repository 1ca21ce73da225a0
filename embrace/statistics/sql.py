"""The flags of :mod:`embrace.statistics.flags` in ClickHouse SQL, for dashboards that count in the database:
the same arithmetic on the same constants, so a panel and the weekly report flag the same rows (a test
runs both on the same counts).

A row needs, per key: ``this_week`` (the count judged), ``total`` and ``squares`` (the sum and the sum of
squares of the ``weeks`` counts before it; weeks without incidents add nothing to either).
"""

from __future__ import annotations

from embrace.statistics.flags import MINIMUM, NOTABLE, SHIFT, WATCH, usual_quantile

MOST_WEEKS = 104  # the longest run of weeks before a row may be judged against
# Student's t quantile of the usual range for each degree of freedom from 1: looked up, as ClickHouse has no
# t distribution.
QUANTILES = [usual_quantile(df) for df in range(1, MOST_WEEKS)]


def judged(weeks: int | str) -> str:
    """Columns ``mean``, ``dispersion``, ``z``, ``p``, ``usual_low``, ``usual_high`` of a row, over
    ``weeks`` weeks before: a number, or a column of the row (fewer where a tenant began reporting
    lately). A row of no weeks before is not judged: p is 1, and the rest but z (0) are NULL."""
    n = f"toFloat64({weeks})"
    mean = f"(total / {n})"
    spread_before = f"(squares - {n} * {mean} * {mean}) / {mean} / ({n} - 1)"
    pearson = f"greatest(1.0, if({mean} > 0 AND {n} > 1, {spread_before}, 1.0))"
    phi = f"if({pearson} > 1, {pearson} + {pearson} * (2 * {pearson} - 1) / ({n} * {mean}), {pearson})"
    df = f"({n} - 1)"
    spread = f"sqrt(dispersion * (1 + 1 / {n}))"
    centre = f"sqrt(mean + {SHIFT})"
    # Wallace's normal value of Student's t, where the dispersion was estimated (flags.as_normal)
    normal = f"if(dispersion > 1, abs(z) * (1 - 1 / (4 * {df})) / sqrt(1 + z * z / (2 * {df})), abs(z))"
    t = f"arrayElement({QUANTILES}, toUInt32(greatest(1, {df})))"
    half = f"if(dispersion > 1, {t}, {usual_quantile(0)}) * {spread} / 2"
    known = f"{n} > 0"
    return (
        f"if({known}, {mean}, NULL) AS mean, if({known}, {phi}, NULL) AS dispersion, "
        f"if({known}, 2 * (sqrt(this_week + {SHIFT}) - {centre}) / {spread}, 0.0) AS z, "
        f"if({known} AND greatest(toFloat64(this_week), mean) >= {MINIMUM}, erfc({normal} / sqrt(2)), 1.0) "
        "AS p, "
        f"if({known}, greatest(0, toInt64(ceil(pow(greatest(0, {centre} - {half}), 2) - {SHIFT}))), NULL) "
        "AS usual_low, "
        f"if({known}, toInt64(floor(pow({centre} + {half}, 2) - {SHIFT})), NULL) AS usual_high"
    )


def flagged(rows: str, key: str) -> str:
    """``rows`` (a query with a ``p`` column and ``key``) with ``q`` (Benjamini–Hochberg) and ``flag``."""
    ranked = f"SELECT *, row_number() OVER (ORDER BY p, {key}) AS rank, count() OVER () AS m FROM ({rows})"
    adjusted = (
        f"SELECT *, min(least(1, p * m / rank)) OVER (ORDER BY rank DESC ROWS BETWEEN UNBOUNDED PRECEDING "
        f"AND CURRENT ROW) AS q FROM ({ranked})"
    )
    return (
        f"SELECT *, multiIf(q <= {NOTABLE}, 'notable', q <= {WATCH}, 'watch', '') AS flag FROM ({adjusted})"
    )
