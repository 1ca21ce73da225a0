"""Rolling-origin backtests of the forecast against naive ones: at each origin the forecast sees only
the weeks up to it and is scored on the week after. Mean absolute error and mean Poisson deviance over
every place and origin; for the model, how often the count fell inside its 80 % interval."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from embrace.statistics.forecast import NAIVE, Array, deviance, forecast

MODEL = "model"
# Not a forecast: each place's own mean over the very weeks scored, known only afterwards. What no
# forecast of a steady level can beat, so it shows how much room the data leaves.
HINDSIGHT = "hindsight mean"


@dataclass(frozen=True)
class Scores:
    mae: float
    deviance: float
    coverage: float | None  # share inside the 80 % interval; naive forecasts have none


def backtest(history: Array, origins: Sequence[int], week_of_year: list[float]) -> dict[str, Scores]:
    """Scores of the model and each naive forecast, one week ahead of every origin (an index of the
    last known week)."""
    actual: list[Array] = []
    guessed: dict[str, list[Array]] = {name: [] for name in [MODEL, *NAIVE]}
    inside: list[NDArray[np.bool_]] = []
    for as_of in origins:
        y = history[:, as_of + 1]
        made = forecast(history, as_of, week_of_year)
        guessed[MODEL].append(made.mean)
        inside.append((y >= made.low) & (y <= made.high))
        for name, naive in NAIVE.items():
            guessed[name].append(naive(history, as_of + 1))
        actual.append(y)
    y = np.concatenate(actual)
    guessed[HINDSIGHT] = [np.mean(actual, axis=0)] * len(actual)
    scores = {name: Scores(float(np.abs(y - np.concatenate(m)).mean()), deviance(y, np.concatenate(m)), None)
              for name, m in guessed.items()}  # fmt: skip
    model = scores[MODEL]
    scores[MODEL] = Scores(model.mae, model.deviance, float(np.concatenate(inside).mean()))
    return scores


def table(scores: dict[str, Scores]) -> list[str]:
    """The scores as lines to print: one per forecast, then the model against the best naive one."""
    lines = [f"{'forecast':<18}{'MAE':>9}{'deviance':>10}{'80% cover':>11}"]
    for name, s in scores.items():
        cover = f"{100 * s.coverage:.1f} %" if s.coverage is not None else "–"
        lines.append(f"{name:<18}{s.mae:>9.3f}{s.deviance:>10.3f}{cover:>11}")
    for measure in ("mae", "deviance"):
        name, naive = best_naive(scores, measure)
        ratio = getattr(scores[MODEL], measure) / naive
        lines.append(f"model {measure} against the best naive forecast ({name}): {100 * (ratio - 1):+.1f} %")
        room = getattr(scores[HINDSIGHT], measure) / naive
        lines.append(f"  {HINDSIGHT} (not a forecast) against it: {100 * (room - 1):+.1f} %")
    return lines


def best_naive(scores: dict[str, Scores], measure: str) -> tuple[str, float]:
    naive = {name: getattr(s, measure) for name, s in scores.items() if name not in (MODEL, HINDSIGHT)}
    name = min(naive, key=naive.__getitem__)
    return name, naive[name]


@dataclass(frozen=True)
class Placement:
    """How well a ranking of places caught the next week's incidents, flagging ``share`` of the area."""

    pai: float  # hit rate over area share (Chainey et al. 2008)
    pei: float  # the PAI over the best PAI any ranking could have reached with that area (Hunt 2016)


def placement(actual: Array, score: Array, share: float) -> Placement:
    """Flag the ``share`` of places (equal areas) that ``score`` ranks highest; ties broken by position."""
    n = actual.size
    flagged = max(1, round(share * n))
    total = actual.sum()
    if total == 0:
        return Placement(float("nan"), float("nan"))
    chosen = np.argsort(-score, kind="stable")[:flagged]
    best = np.sort(actual)[::-1][:flagged].sum()
    pai = (actual[chosen].sum() / total) / (flagged / n)
    return Placement(float(pai), float(actual[chosen].sum() / best) if best else float("nan"))
