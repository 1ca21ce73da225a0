"""`embrace situation`: the situation reports printed, made on schedule, mailed, and subscribed to."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from embrace.errors import OperatorError, StoreInUse
from embrace.settings import load_settings
from embrace.taxonomy import Taxonomy
from embrace.weeks import last_week, not_ended, today
from services.cli import mail_commands
from services.cli.arguments import iso_week, tenant_code
from services.cli.stores import both_stores, names, open_sql_store, open_warehouse
from services.reporting.quarterly.quarters import last_quarter, not_begun, parse

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    reports = commands.add_parser(
        "situation", help="situation reports: weekly, quarterly, made and mailed"
    ).add_subparsers(dest="kind", required=True)
    weekly = reports.add_parser("weekly", parents=[common], help="a tenant's weekly situation report")
    weekly.add_argument("--tenant", required=True, type=tenant_code, help="municipality code, e.g. 1880")
    weekly.add_argument("--week", type=iso_week, help="ISO week, e.g. 2026-W10 (default: last week)")
    weekly.set_defaults(handler=_weekly)
    quarterly = reports.add_parser("quarterly", parents=[common], help="a tenant's quarterly analysis")
    quarterly.add_argument("--tenant", required=True, type=tenant_code, help="municipality code, e.g. 1880")
    quarterly.add_argument("--quarter", type=_quarter, help="e.g. 2026-Q1 (default: the last quarter)")
    for parser in (weekly, quarterly):
        parser.add_argument("--format", choices=["json", "html", "pdf"], default="json")
        parser.add_argument("--language", choices=["sv", "en"], help="default EMBRACE_LANGUAGE")
        parser.add_argument("--out", type=Path, help="write here (a PDF must be written to a file)")
    quarterly.set_defaults(handler=_quarterly)
    run = reports.add_parser("run", parents=[common], help="make the reports due now, archive and mail them")
    run.set_defaults(handler=_run)
    mail_commands.register(reports, common)


def _weekly(args: argparse.Namespace, say: Say) -> None:
    from services.reporting.weekly.assembled import weekly_body
    from services.reporting.weekly.page import render_html
    from services.reporting.weekly.report import WeeklyReport

    if args.week and (why := not_ended(args.week)):
        raise OperatorError(f"--week {why}")
    settings = load_settings(home=args.home)
    with both_stores(settings, ask="/v1/situation/weekly") as (warehouse, sql_store):
        body = weekly_body(sql_store, warehouse, args.tenant, args.week or last_week())
    taxonomy, language = Taxonomy.load(settings.taxonomy_extra), args.language or settings.language
    _emit(
        args,
        body,
        lambda: render_html(WeeklyReport.from_json(body), taxonomy, language, names(settings, args.tenant)),
        say,
    )


def _quarterly(args: argparse.Namespace, say: Say) -> None:
    from services.reporting.quarterly.assembled import quarterly_body
    from services.reporting.quarterly.page import render_quarterly

    settings = load_settings(home=args.home)
    now = datetime.now(UTC)
    quarter = args.quarter or last_quarter(now)
    with both_stores(settings, ask="/v1/situation/quarterly") as (warehouse, sql_store):
        analysis = quarterly_body(sql_store, warehouse, args.tenant, quarter, today(now))
    taxonomy, language = Taxonomy.load(settings.taxonomy_extra), args.language or settings.language
    _emit(
        args,
        analysis,
        lambda: render_quarterly(analysis, taxonomy, language, names(settings, args.tenant)),
        say,
    )


def _emit(args: argparse.Namespace, body: Any, html: Callable[[], str], say: Say) -> None:
    """The report as the format asked: JSON or HTML printed or written, PDF written."""
    if args.format == "json":
        _write(args.out, json.dumps(body, ensure_ascii=False, indent=2, default=str), say)
    elif args.format == "html":
        _write(args.out, html(), say)
    elif args.out is None:
        raise OperatorError("a PDF is written to a file: give --out report.pdf")
    else:
        from services.reporting.pages import render_pdf

        args.out.write_bytes(render_pdf(html()))
        say(f"wrote {args.out}")


def _write(out: Path | None, text: str, say: Say) -> None:
    if out is None:
        say(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out}")


def _quarter(text: str) -> str:
    try:
        parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    if why := not_begun(text, today()):
        raise argparse.ArgumentTypeError(why)
    return text


def _run(args: argparse.Namespace, say: Say) -> None:
    from services.cli.bootstrap import scheduler

    settings = load_settings(home=args.home)
    sql_store = open_sql_store(settings)
    try:
        warehouse = open_warehouse(settings)
    except StoreInUse as exc:
        sql_store.close()
        raise OperatorError(f"{exc}; the running system makes the reports on schedule itself") from None
    try:
        made = scheduler(settings, sql_store, warehouse).run_due(datetime.now(UTC))
    finally:
        warehouse.close()
        sql_store.close()
    say(f"made {len(made)} reports" + "".join(f"\n  {tenant} {week}" for tenant, week in made))
