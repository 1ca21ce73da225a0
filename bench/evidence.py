"""How sure are we? The methods of embrace/statistics measured beside the rules they replaced, in one run:
on simulation, where the truth is known, and on the real 18-month police history.

    python bench/evidence.py [--draws 10000] [--series 1000] [--data ../shared/data]

Simulation: intervention effects (no effect, and a 30 % fall), report flags on noise, spike alarms with
outbreaks injected, as embrace/statistics/calibration.py describes them. Real history: placebo
interventions in each municipality against the others of its county, the weekly reports of five
municipalities, and alarms on every municipality's weekly counts by category.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import before, evidence_real, police_history
from bench.measure import table
from embrace.settings import load_settings
from embrace.statistics.calibration import (
    EffectWorld,
    ReportWorld,
    SeriesWorld,
    alert_rates,
    farrington_rule,
    flag_rates,
    verdicts,
)
from embrace.statistics.farrington import Threshold
from embrace.weeks import shift

FLAGGED = ["0180", "1480", "1280", "0380", "1960"]  # Stockholm, Göteborg, Malmö, Uppsala, Kungsör


def simulated(draws: int, series: int) -> list[tuple[str, str]]:
    rows = []
    for name, world in (("no effect", EffectWorld()), ("a 30 % fall", EffectWorld(effect=0.7))):
        found = verdicts(world, draws, seed=1)
        rows.append((f"effects, {name}: effective / harmful / no sign / too little",
                     " / ".join(f"{100 * found[v] / draws:.1f} %" for v in
                                ("seems effective", "seems harmful", "no sign of effect",
                                 "too little data to tell"))))  # fmt: skip
    any_flag, flagged_rows = flag_rates(ReportWorld(), max(100, draws // 20), seed=2)
    rows.append(("flags on noise: reports with any flag / rows flagged",
                 f"{100 * any_flag:.1f} % / {100 * flagged_rows:.2f} %"))  # fmt: skip
    worlds = {"Poisson, no season": SeriesWorld(dispersion=(1.0, 1.0), amplitude=0.0),
              "dispersion 1–3, seasons ±60 %": SeriesWorld(),
              "dispersion 1–6, seasons ±60 %": SeriesWorld(dispersion=(1.0, 6.0))}  # fmt: skip
    for name, series_world in worlds.items():
        rates = alert_rates(series_world, {"now": farrington_rule(Threshold()), "before": before.alarms},
                            series, range(104, 156, 2), seed=3)  # fmt: skip
        for rule, r in rates.items():
            rows.append((f"alarms, {name}, {rule}: false per 100 series-years / found 2, 3, 5 sd",
                         f"{r['false_alarms']:.1f} / {100 * r['found_2sd']:.0f}, {100 * r['found_3sd']:.0f}, "
                         f"{100 * r['found_5sd']:.0f} %"))  # fmt: skip
    return rows


def real(data: Path, draws: int) -> list[tuple[str, str]]:
    rows = []
    with police_history.imported(data) as warehouse:
        groups = police_history.weekly(warehouse, "category_group")
        placebo = evidence_real.placebo_effects(groups, police_history.counties(data), draws // 5, seed=4)
        rows.append(("placebo interventions: false verdicts now / before",
                     f"{100 * placebo['now']:.1f} % / {100 * placebo['before']:.1f} %"))  # fmt: skip
        ordinary = [shift("2025-W36", n) for n in range(8)]
        flags = evidence_real.report_flags(warehouse, FLAGGED, ordinary)
        rows.append((f"report flags, 5 municipalities × 8 weeks ({flags['rows']:.0f} rows): now / before",
                     f"{100 * flags['now']:.1f} % / {100 * flags['before']:.1f} % "
                     f"(on 0 or 1: {flags['small_now']:.0f} / {flags['small_before']:.0f} of "
                     f"{flags['flagged_before']:.0f})"))  # fmt: skip
        categories = police_history.weekly(warehouse, "category")
        median, p90 = evidence_real.dispersions(categories)
        rows.append(("real weekly series by municipality and type: variance/mean, median / p90",
                     f"{median:.1f} / {p90:.1f}"))  # fmt: skip
        found = evidence_real.alarms(categories, range(20, police_history.WEEKS, 2), seed=5)
        for rule in ("now", "before"):
            r = found[rule]
            rows.append((f"alarms, {found['series']['count']:.0f} real series, {rule}: per 100 series-years "
                         "/ found +3, +5 √mean",
                         f"{r['per_100_series_years']:.1f} / {100 * r['found_3']:.0f}, "
                         f"{100 * r['found_5']:.0f} %"))  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--series", type=int, default=1_000)
    parser.add_argument("--data", type=Path, default=load_settings().data_dir)
    args = parser.parse_args()
    print(table(simulated(args.draws, args.series)))
    print(table(real(args.data, args.draws)))


if __name__ == "__main__":
    main()
