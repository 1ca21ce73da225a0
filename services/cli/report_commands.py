"""`embrace report weekly`: a tenant's weekly situation report, printed."""

from __future__ import annotations

import argparse
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError

from embrace.directory.report_tables import Subscription
from embrace.directory.tables import Tenant
from embrace.errors import OperatorError, StoreInUse
from embrace.settings import load_settings
from embrace.taxonomy import Taxonomy
from embrace.weeks import last_week
from services.cli.bootstrap import open_directory, open_warehouse, scheduler
from services.reporting.weekly_html import render_html, render_pdf
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
    weekly.add_argument("--format", choices=["json", "html", "pdf"], default="json")
    weekly.add_argument("--language", choices=["sv", "en"], help="default EMBRACE_LANGUAGE")
    weekly.add_argument("--out", type=Path, help="write here (a PDF must be written to a file)")
    weekly.set_defaults(handler=_weekly)
    run = reports.add_parser("run", parents=[common], help="make the reports due now, archive and mail them")
    run.set_defaults(handler=_run)
    subscribe = reports.add_parser("subscribe", parents=[common], help="mail a tenant's reports to someone")
    subscribe.add_argument("--tenant", required=True)
    subscribe.add_argument("--email", required=True)
    subscribe.add_argument("--kind", choices=["weekly", "quarterly", "alerts"], default="weekly")
    subscribe.add_argument("--org", help="the subscriber's organisation (slug)")
    subscribe.add_argument("--external", action="store_true", help="beyond the tenant's organisations")
    subscribe.add_argument("--language", choices=["sv", "en"], default="sv")
    subscribe.set_defaults(handler=_subscribe)


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
    if args.format == "json":
        _write(args.out, json.dumps(report.as_json(), ensure_ascii=False, indent=2, default=str), say)
        return
    html = render_html(report, Taxonomy.load(settings.taxonomy_extra), args.language or settings.language)
    if args.format == "html":
        _write(args.out, html, say)
        return
    if args.out is None:
        raise OperatorError("a PDF is written to a file: give --out report.pdf")
    args.out.write_bytes(render_pdf(html))
    say(f"wrote {args.out}")


def _write(out: Path | None, text: str, say: Say) -> None:
    if out is None:
        say(text)
    else:
        out.write_text(text, encoding="utf-8")
        say(f"wrote {out}")


def _run(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    directory = open_directory(settings)
    try:
        warehouse = open_warehouse(settings)
    except StoreInUse as exc:
        directory.close()
        raise OperatorError(f"{exc}; the running system makes the reports on schedule itself") from None
    try:
        made = scheduler(settings, directory, warehouse).run_due(datetime.now(UTC))
    finally:
        warehouse.close()
        directory.close()
    say(f"made {len(made)} reports" + "".join(f"\n  {tenant} {week}" for tenant, week in made))


def _subscribe(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    directory = open_directory(settings)
    try:
        with directory.session() as session:
            if session.get(Tenant, args.tenant) is None:
                raise OperatorError(f"no tenant {args.tenant}: add it with `embrace tenants add`")
            session.add(Subscription(
                tenant=args.tenant, email=args.email, kind=args.kind, organisation=args.org,
                external=args.external, language=args.language, token=secrets.token_urlsafe(24),
            ))  # fmt: skip
    except IntegrityError:
        raise OperatorError(
            f"{args.email} already subscribes to the {args.kind} reports of {args.tenant}"
        ) from None
    finally:
        directory.close()
    say(f"{args.email} subscribes to the {args.kind} reports of {args.tenant}")
