"""`embrace report weekly`: a tenant's weekly situation report, printed."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable

from embrace.errors import OperatorError, StoreInUse
from embrace.settings import load_settings
from embrace.weeks import last_week
from services.cli.bootstrap import open_warehouse
from services.reporting.weekly_report import weekly_report

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    reports = commands.add_parser("report", help="situation reports").add_subparsers(
        dest="kind", required=True
    )
    weekly = reports.add_parser("weekly", parents=[common], help="a tenant's weekly situation report")
    weekly.add_argument("--tenant", required=True, help="municipality code, e.g. 1880")
    weekly.add_argument("--week", help="ISO week, e.g. 2026-W10 (default: last week)")
    weekly.add_argument("--format", choices=["json"], default="json")
    weekly.set_defaults(handler=_weekly)


def _weekly(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    try:
        warehouse = open_warehouse(settings)
    except StoreInUse as exc:
        raise OperatorError(f"{exc}; ask the running system: GET /v1/reports/weekly") from None
    try:
        report = weekly_report(warehouse, args.tenant, args.week or last_week())
    finally:
        warehouse.close()
    say(json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str))
