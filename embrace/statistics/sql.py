"""The flags of :mod:`embrace.statistics.flags` in ClickHouse SQL, for dashboards that count in the database:
the same arithmetic on the same constants, so a panel and the weekly report flag the same rows (a test
runs both on the same counts).

A row needs, per key: ``this_week`` (the count judged), ``total`` and ``squares`` (the sum and the sum of
squares of the ``weeks`` counts before it; weeks without incidents add nothing to either).
"""

from __future__ import annotations

from embrace.statistics.flags import MINIMUM, NOTABLE, SHIFT, WATCH, usual_quantile


def judged(weeks: int) -> str:
    """Columns ``mean``, ``dispersion``, ``z``, ``p``, ``usual_low``, ``usual_high`` of a row."""
    n = float(weeks)
    mean = f"(total / {n})"
    pearson = f"greatest(1.0, if({mean} > 0, (squares - {n} * {mean} * {mean}) / {mean} / {n - 1}, 1.0))"
    phi = f"if({pearson} > 1, {pearson} + {pearson} * (2 * {pearson} - 1) / ({n} * {mean}), {pearson})"
    df = weeks - 1
    spread = f"sqrt(dispersion * {1 + 1 / n})"
    centre = f"sqrt(mean + {SHIFT})"
    # Wallace's normal value of Student's t, where the dispersion was estimated (flags.as_normal)
    normal = f"if(dispersion > 1, abs(z) * {1 - 1 / (4 * df)} / sqrt(1 + z * z / {2 * df}), abs(z))"
    half = f"if(dispersion > 1, {usual_quantile(df)}, {usual_quantile(0)}) * {spread} / 2"
    return (
        f"{mean} AS mean, {phi} AS dispersion, "
        f"2 * (sqrt(this_week + {SHIFT}) - {centre}) / {spread} AS z, "
        f"if(greatest(toFloat64(this_week), mean) >= {MINIMUM}, erfc({normal} / sqrt(2)), 1.0) AS p, "
        f"greatest(0, toInt64(ceil(pow(greatest(0, {centre} - {half}), 2) - {SHIFT}))) AS usual_low, "
        f"toInt64(floor(pow({centre} + {half}, 2) - {SHIFT})) AS usual_high"
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
