"""`embrace forecast backtest`: the forecast of a tenant's places scored week by week against naive
forecasts, each week from the weeks before it only."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from embrace.errors import OperatorError
from embrace.settings import load_settings
from embrace.weeks import monday_of, shift
from services.cli.stores import reading

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    forecast = commands.add_parser("forecast", help="next week's expected incidents per place")
    actions = forecast.add_subparsers(dest="action", required=True)
    run = actions.add_parser("backtest", parents=[common], help="score the forecast on past weeks")
    run.add_argument("--tenant", required=True, help="municipality code, e.g. 1880")
    run.add_argument("--from", dest="first", required=True, help="the first week forecast, e.g. 2025-W10")
    run.add_argument("--to", dest="last", required=True, help="the last week forecast")
    run.add_argument("--resolution", choices=["8", "area", "municipality"], default="area")
    run.set_defaults(handler=_backtest)


def _backtest(args: argparse.Namespace, say: Say) -> None:
    from embrace.statistics.backtest import backtest, table
    from services.reporting.forecast.series import weekly_series

    if args.first > args.last:
        raise OperatorError(f"--from {args.first} is after --to {args.last}")
    history_from = shift(args.first, -60)  # a year and more before the first week forecast
    weeks, week = [], history_from
    while week <= args.last:
        weeks.append(week)
        week = shift(week, 1)
    with reading(load_settings(home=args.home), "/v1/forecast?as_of=...") as warehouse:
        series = weekly_series(warehouse, [args.tenant], weeks, args.resolution)
    if not series.places.size:
        raise OperatorError(f"tenant {args.tenant} has no incidents in {history_from} to {args.last}")
    origins = range(weeks.index(args.first) - 1, len(weeks) - 1)
    calendar = [float(monday_of(w).isocalendar()[1]) for w in weeks]
    scores = backtest(series.counts.toarray(), origins, calendar)
    say(f"{len(series.places)} places, {len(origins)} weeks forecast, each from the weeks before it")
    for line in table(scores):
        say(line)
