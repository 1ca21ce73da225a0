"""`embrace forecast backtest`: the forecast of a tenant's places scored week by week against naive
forecasts, each week from the weeks before it only."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from embrace.errors import OperatorError
from embrace.settings import load_settings
from embrace.weeks import monday_of, preceding, shift
from services.cli.arguments import iso_week, tenant_code
from services.cli.stores import reading

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    forecast = commands.add_parser("forecast", help="next week's expected incidents per place")
    actions = forecast.add_subparsers(dest="action", required=True)
    run = actions.add_parser("backtest", parents=[common], help="score the forecast on past weeks")
    run.add_argument("--tenant", required=True, type=tenant_code, help="municipality code, e.g. 1880")
    run.add_argument(
        "--from", dest="first", required=True, type=iso_week, help="the first week forecast, e.g. 2025-W10"
    )
    run.add_argument("--to", dest="last", required=True, type=iso_week, help="the last week forecast")
    run.add_argument("--resolution", choices=["8", "area", "municipality"], default="area")
    run.set_defaults(handler=_backtest)


def _backtest(args: argparse.Namespace, say: Say) -> None:
    from embrace.statistics.backtest import backtest, table
    from services.reporting.forecast.predicted import FEWEST_WEEKS, LOOK_BACK, history_begins
    from services.reporting.forecast.series import weekly_series

    if args.first > args.last:
        raise OperatorError(f"--from {args.first} is after --to {args.last}")
    weeks = [*preceding(args.first, LOOK_BACK + 1), *_through(args.first, args.last)]  # as the API reads
    with reading(load_settings(home=args.home), "/v1/forecast?as_of=...") as warehouse:
        series = weekly_series(warehouse, [args.tenant], weeks, args.resolution)
    start = history_begins(series)
    if start == len(weeks):
        raise OperatorError(f"tenant {args.tenant} has no incidents in {weeks[0]} to {args.last}")
    first = max(weeks.index(args.first), start + FEWEST_WEEKS)  # the API's rule, so its forecasts are scored
    if first >= len(weeks):
        raise OperatorError(f"tenant {args.tenant}'s incidents begin in {weeks[start]}: a forecast needs "
                            f"{FEWEST_WEEKS} weeks of history, so none by {args.last}")  # fmt: skip
    if weeks[first] != args.first:
        say(f"from {weeks[first]}: the incidents begin in {weeks[start]}, and a forecast needs "
            f"{FEWEST_WEEKS} weeks of history")  # fmt: skip
    calendar = [float(monday_of(w).isocalendar()[1]) for w in weeks[start:]]
    origins = range(first - start - 1, len(weeks) - start - 1)
    scores = backtest(series.counts[:, start:].toarray(), origins, calendar)
    say(f"{len(series.places)} places, {len(origins)} weeks forecast, each from the weeks before it")
    for line in table(scores):
        say(line)


def _through(first: str, last: str) -> list[str]:
    weeks = [first]
    while weeks[-1] < last:
        weeks.append(shift(weeks[-1], 1))
    return weeks
