"""`embrace report weekly`: a tenant's weekly situation report, printed."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path

from embrace.errors import OperatorError, StoreInUse
from embrace.settings import load_settings
from embrace.taxonomy import Taxonomy
from embrace.weeks import last_week
from services.cli.bootstrap import open_warehouse
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
