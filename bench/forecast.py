"""Next week's forecast, backtested with a rolling origin (no look-ahead) against naive forecasts in
the same run: on the real police history (per municipality and category group) and on synthetic
self-exciting counts. Prints MAE, mean Poisson deviance, the model's 80 % interval coverage, the
model's error as a share of the best naive one's, and the candidates it was chosen from
(bench/forecast_candidates.py).

    python bench/forecast.py [--data ../shared/data] [--places 400] [--seed 7]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.forecast_candidates import compared
from bench.police_history import FIRST, imported, weekly, weeks
from embrace.geo.cells import cells_of, ring_one
from embrace.statistics.backtest import MODEL, Placement, backtest, placement, table
from embrace.statistics.forecast import NAIVE, forecast
from embrace.weeks import monday_of, shift


def week_of_year(first: str, count: int) -> list[float]:
    return [float(monday_of(shift(first, n)).isocalendar()[1]) for n in range(count)]


def self_exciting(places: int, weeks_: int, seed: int) -> np.ndarray:
    """Counts whose rate is a place's base level times the season, plus a share of the last weeks'
    counts decaying (a discrete self-exciting process, as repeat and near-repeat incidents are)."""
    rng = np.random.default_rng(seed)
    base = rng.gamma(0.6, 2.0, size=places)  # places differ a lot; most are quiet
    season = 1 + 0.3 * np.sin(2 * np.pi * np.arange(weeks_) / 52.18)
    y = np.zeros((places, weeks_))
    for t in range(weeks_):
        excited = sum(0.35 * np.exp(-(k - 1) / 2.0) * y[:, t - k] for k in range(1, min(t, 6) + 1))
        y[:, t] = rng.poisson(base * season[t] + excited)
    return y


def cells_of_town(seed: int) -> tuple[list[str], sparse.csr_array, np.ndarray]:
    """A 15 x 15 km town of resolution-9 cells with a known structure: a quiet background, a few hot
    streets (clusters of busy cells) that persist, and near-repeats that spill into the neighbours."""
    town = {"type": "Polygon", "coordinates": [[[15.0, 59.0], [15.26, 59.0], [15.26, 59.135],
                                                [15.0, 59.135], [15.0, 59.0]]]}  # fmt: skip
    cells = cells_of(town, 9)
    near = ring_one(cells)
    rng = np.random.default_rng(seed)
    base = rng.gamma(0.3, 0.05, size=len(cells))
    for centre in rng.choice(len(cells), 12, replace=False):
        base[near[[centre]].indices] += rng.uniform(0.3, 1.2)
    return cells, near, base


def town_weeks(near: sparse.csr_array, base: np.ndarray, weeks_: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    y = np.zeros((base.size, weeks_))
    for t in range(weeks_):
        spill = near @ y[:, t - 1] if t else 0.0  # last week's incidents raise this week's nearby
        y[:, t] = rng.poisson(base * (1 + 0.3 * np.sin(2 * np.pi * t / 52.18)) + 0.05 * spill)
    return y


def hot_spot_ranking(seed: int) -> None:
    _, near, base = cells_of_town(seed)
    y = town_weeks(near, base, 90, seed)
    calendar = week_of_year("2024-W01", 90)
    smooth = near / np.asarray(near.sum(axis=1)).reshape(-1, 1)  # the cell and its ring, averaged
    rankings: dict[str, list[dict[float, Placement]]] = {}
    for as_of in range(52, 89):
        scores = {MODEL: forecast(y, as_of, calendar).mean,
                  **{name: naive(y, as_of + 1) for name, naive in NAIVE.items()},
                  "kernel density": smooth @ y[:, max(0, as_of - 11) : as_of + 1].mean(axis=1)}  # fmt: skip
        for name, score in scores.items():
            rankings.setdefault(name, []).append(
                {s: placement(y[:, as_of + 1], score, s) for s in (0.01, 0.05)}
            )
    print(f"\nhot-spot ranking: {base.size} cells of resolution 9 (15 x 15 km), 37 weeks ranked, "
          "each from the weeks before")  # fmt: skip
    print(f"{'ranking':<18}{'PAI 1%':>9}{'PEI 1%':>9}{'PAI 5%':>9}{'PEI 5%':>9}")
    for name, weeks_ in rankings.items():
        means = [np.nanmean([getattr(w[s], m) for w in weeks_]) for s in (0.01, 0.05) for m in ("pai", "pei")]
        print(f"{name:<18}" + "".join(f"{v:>9.2f}" for v in means))


def show(title: str, history: np.ndarray, origins: range, calendar: list[float]) -> None:
    """The model against the naive forecasts, then against the other candidates it was chosen from."""
    print(f"\n{title}")
    print("\n".join(table(backtest(history, origins, calendar))))
    print("\n".join(["the candidates, each forecasting its mean:", *compared(history, origins, calendar)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--places", type=int, default=400)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    synthetic = self_exciting(args.places, 104, args.seed)
    show(f"synthetic self-exciting counts: {args.places} places, 104 weeks, origins 52-102",
         synthetic, range(52, 103), week_of_year("2024-W01", 104))  # fmt: skip
    with imported(args.data) as warehouse:
        series = weekly(warehouse, by="category_group")
    history = np.array(list(series.values()))
    count = len(weeks())
    title = f"police history: {len(series)} municipality x group series, {count} weeks from {FIRST}"
    show(f"{title}, origins 30-{count - 2}", history, range(30, count - 1), week_of_year(FIRST, count))
    hot_spot_ranking(args.seed)


if __name__ == "__main__":
    main()
