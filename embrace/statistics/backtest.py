"""Rolling-origin backtests of the forecast against naive ones: at each origin the forecast sees only
the weeks up to it and is scored on the week after. Mean absolute error and mean Poisson deviance over
every place and origin; for the model, how often the count fell inside its 80 % interval.

Each measure compares like with like. Deviance rewards a forecast of the mean, and scores the means;
mean absolute error rewards a forecast of the median (Gneiting 2011, "Making and evaluating point
forecasts"), and scores the model's median against the naive forecasts and a long-run median. Where
most weeks are 0 or 1, a series' median beats its mean in absolute error, so comparing the model's
median with naive means alone would flatter it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from embrace.statistics.forecast import LONG_RUN, NAIVE, Array, Naive, deviance, fit_and_predict, median

MODEL = "model"
MODEL_MEDIAN = "model median"
# Not forecasts: each place's own mean and median over the very weeks scored, known only afterwards.
# What no forecast of a steady level can beat (in deviance, and in absolute error), so they show how
# much room the data leaves.
HINDSIGHT = "hindsight mean"
HINDSIGHT_MEDIAN = "hindsight median"
NOT_NAIVE = frozenset({MODEL, MODEL_MEDIAN, HINDSIGHT, HINDSIGHT_MEDIAN})
MEDIANS: dict[str, Naive] = {
    "long-run median": lambda h, upto: np.median(h[:, max(0, upto - LONG_RUN) : upto], axis=1),
}


@dataclass(frozen=True)
class Scores:
    mae: float
    deviance: float | None  # a median's is not scored: deviance rewards means
    coverage: float | None  # share inside the 80 % interval; naive forecasts have none


def backtest(history: Array, origins: Sequence[int], week_of_year: list[float]) -> dict[str, Scores]:
    """Scores of the model and each naive forecast, one week ahead of every origin (an index of the
    last known week)."""
    actual: list[Array] = []
    guessed: dict[str, list[Array]] = {name: [] for name in [MODEL, MODEL_MEDIAN, *NAIVE, *MEDIANS]}
    inside: list[NDArray[np.bool_]] = []
    for as_of in origins:
        y = history[:, as_of + 1]
        made, model = fit_and_predict(history, as_of, week_of_year)
        guessed[MODEL].append(made.mean)
        guessed[MODEL_MEDIAN].append(median(made.mean, model))
        inside.append((y >= made.low) & (y <= made.high))
        for name, naive in {**NAIVE, **MEDIANS}.items():
            guessed[name].append(naive(history, as_of + 1))
        actual.append(y)
    y = np.concatenate(actual)
    guessed[HINDSIGHT] = [np.mean(actual, axis=0)] * len(actual)
    guessed[HINDSIGHT_MEDIAN] = [np.median(actual, axis=0)] * len(actual)
    medians = {MODEL_MEDIAN, HINDSIGHT_MEDIAN, *MEDIANS}
    every = {name: np.concatenate(m) for name, m in guessed.items()}
    scores = {name: Scores(float(np.abs(y - m).mean()), None if name in medians else deviance(y, m), None)
              for name, m in every.items()}  # fmt: skip
    model_scores = scores[MODEL]
    scores[MODEL] = Scores(model_scores.mae, model_scores.deviance, float(np.concatenate(inside).mean()))
    return scores


def table(scores: dict[str, Scores]) -> list[str]:
    """The scores as lines to print: one per forecast, then the model against the best naive one."""
    lines = [f"{'forecast':<18}{'MAE':>9}{'deviance':>10}{'80% cover':>11}"]
    for name, s in scores.items():
        cover = f"{100 * s.coverage:.1f} %" if s.coverage is not None else "–"
        dev = f"{s.deviance:.3f}" if s.deviance is not None else "–"
        lines.append(f"{name:<18}{s.mae:>9.3f}{dev:>10}{cover:>11}")
    compared = (("mae", MODEL_MEDIAN, HINDSIGHT_MEDIAN), ("deviance", MODEL, HINDSIGHT))
    for measure, model, hindsight in compared:
        name, naive = best_naive(scores, measure)
        ratio = getattr(scores[model], measure) / naive
        lines.append(f"{model} {measure} against the best naive forecast ({name}): "
                     f"{100 * (ratio - 1):+.1f} %")  # fmt: skip
        room = getattr(scores[hindsight], measure) / naive
        lines.append(f"  {hindsight} (not a forecast) against it: {100 * (room - 1):+.1f} %")
    return lines


def best_naive(scores: dict[str, Scores], measure: str) -> tuple[str, float]:
    naive = {name: value for name, s in scores.items()
             if name not in NOT_NAIVE and (value := getattr(s, measure)) is not None}  # fmt: skip
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
