"""`embrace import police|incidents|survey`: other sources, onto the bus like any report."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from prometheus_client import Gauge, start_http_server

from embrace.errors import OperatorError
from embrace.settings import Settings, load_settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.boundaries import place_names, places
from embrace.sqlstore.credentials import principal_of
from embrace.sqlstore.registry import require_organisation
from embrace.sqlstore.tables import Tenant
from embrace.taxonomy import Taxonomy
from services.cli.arguments import tenant_code
from services.cli.stores import open_sql_store
from services.ingest.imports.gazetteer import import_gazetteer
from services.ingest.imports.history import Checks, import_history
from services.ingest.imports.history_mapping import load_mapping
from services.ingest.imports.police_import import Scope, import_police, tenants_scope
from services.ingest.imports.police_live import Pacing, PoliceApi, poll
from services.ingest.imports.police_notices import Observation, Unreadable, read_files
from services.ingest.imports.records import ImportSummary
from services.ingest.imports.surveys import import_surveys

if TYPE_CHECKING:
    from services.cli.delivery import Delivery

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    sources = commands.add_parser("import", help="police notices, history, surveys").add_subparsers(
        dest="source", required=True
    )
    police = sources.add_parser("police", parents=[common], help="police notices: saved files, or --live")
    police.add_argument("files", nargs="*", type=Path, help="API responses (JSON) or histories (JSON lines)")
    police.add_argument("--live", action="store_true", help="poll the API until stopped")
    police.add_argument("--interval", type=float, default=300.0, help="seconds between polls (default 300)")
    police.add_argument(
        "--all", action="store_true", help="keep notices of every municipality, not only tenants'"
    )
    police.set_defaults(handler=_police)

    incidents = sources.add_parser("incidents", parents=[common], help="a municipality's history, from CSV")
    incidents.add_argument("file", type=Path)
    incidents.add_argument("--mapping", type=Path, required=True, help="TOML: which column is which")
    incidents.add_argument("--tenant", required=True, type=tenant_code)
    incidents.add_argument("--org", required=True, help="the organisation the history comes from")
    incidents.set_defaults(handler=_incidents)

    survey = sources.add_parser("survey", parents=[common], help="perceived safety survey results, from CSV")
    survey.add_argument("file", type=Path)
    survey.add_argument("--tenant", required=True, type=tenant_code)
    survey.set_defaults(handler=_survey)

    gazetteer = commands.add_parser("places", help="a tenant's gazetteer: named places").add_subparsers(
        dest="action", required=True
    )
    named = gazetteer.add_parser("import", parents=[common], help="name,lat,lon[,area] from CSV")
    named.add_argument("file", type=Path)
    named.add_argument("--tenant", required=True, type=tenant_code)
    named.set_defaults(handler=_places)


def _prepared(args: argparse.Namespace) -> tuple[Settings, SqlStore, Taxonomy]:
    settings = load_settings(home=args.home)
    return settings, open_sql_store(settings), Taxonomy.load(settings.taxonomy_extra)


def _delivery(settings: Settings, sql_store: SqlStore, taxonomy: Taxonomy, say: Say) -> Delivery:
    from services.cli.delivery import Delivery  # the pipeline's stack, only for a command that imports

    return Delivery(settings, sql_store, taxonomy, say)


def _finish(summary: ImportSummary, delivery: Delivery, say: Say) -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress line
    for line in summary.lines():
        say(line)
    delivery.publish()


def _police(args: argparse.Namespace, say: Say) -> None:
    if bool(args.files) == bool(args.live):
        raise OperatorError("give saved files to import, or --live to poll the API (not both)")
    settings, sql_store, taxonomy = _prepared(args)
    with sql_store.session() as session:
        names = place_names(session)
        scope = Scope(frozenset(), frozenset(), everything=True) if args.all else tenants_scope(session)
    if not names:
        raise OperatorError(
            "no municipality names to place notices by: import them first, e.g. "
            "`embrace geo import kommuner.csv` (municipality_code,municipality_name,county_code,"
            "county_name)"
        )
    if not args.all and not scope.municipalities:
        raise OperatorError("no tenants to import notices for: add tenants, or pass --all")
    zone = ZoneInfo(settings.timezone)
    delivery = _delivery(settings, sql_store, taxonomy, say)

    def handle(observations: list[Observation | Unreadable]) -> ImportSummary:
        return import_police(sql_store, observations, names, scope, zone, _progress("notices"))

    try:
        if args.live:
            _poll_until_stopped(settings, args.interval, handle, delivery, say)
        else:
            summary = import_police(
                sql_store, read_files(args.files), names, scope, zone, _progress("notices")
            )
            _finish(summary, delivery, say)
    finally:
        delivery.close()


def _poll_until_stopped(
    settings: Settings,
    interval: float,
    handle: Callable[[list[Observation | Unreadable]], ImportSummary],
    delivery: Delivery,
    say: Say,
) -> None:
    api = PoliceApi(settings.police_events_url, settings.police_user_agent)
    stop = threading.Event()

    def stop_on_signal(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, stop_on_signal)
    say(f"polling {settings.police_events_url} every {interval:.0f} s; stop with Ctrl+C")
    answered = [time.monotonic()]
    if settings.metrics_port:  # the outbox's metrics, and how long ago the API last answered
        Gauge("embrace_police_answered_seconds", "Seconds since the police API last answered.",
              registry=delivery.registry).set_function(lambda: time.monotonic() - answered[0])  # fmt: skip
        start_http_server(settings.metrics_port, addr=settings.http_host, registry=delivery.registry)

    def one_round(observations: list[Observation | Unreadable]) -> None:
        answered[0] = time.monotonic()
        _finish(handle(observations), delivery, say)

    poll(api, Pacing(interval), one_round, stop, say)


def _incidents(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = _prepared(args)
    mapping = load_mapping(args.mapping, taxonomy)
    with sql_store.session() as session:
        organisation = require_organisation(session, args.tenant, args.org)
        principal = principal_of(organisation, "reporter", "import")
        known_places = places(session)
    delivery = _delivery(settings, sql_store, taxonomy, say)
    try:
        checks = Checks(taxonomy, known_places, ZoneInfo(settings.timezone))
        _finish(import_history(sql_store, args.file, mapping, principal, checks), delivery, say)
    finally:
        delivery.close()


def _survey(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = _prepared(args)
    delivery = _delivery(settings, sql_store, taxonomy, say)
    try:
        _finish(import_surveys(sql_store, args.file, args.tenant), delivery, say)
    finally:
        delivery.close()


def _places(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = _prepared(args)
    with sql_store.session() as session:
        if session.get(Tenant, args.tenant) is None:
            raise OperatorError(f"no tenant {args.tenant}; add it first with `embrace tenants add`")
        known_places = places(session)
    delivery = _delivery(settings, sql_store, taxonomy, say)
    try:
        _finish(import_gazetteer(sql_store, args.file, args.tenant, known_places), delivery, say)
    finally:
        delivery.close()


def _progress(what: str) -> Callable[[int], None]:
    """A count on the terminal while it runs; nothing when output goes to a file."""
    if not sys.stderr.isatty():
        return lambda _: None

    def show(count: int) -> None:
        print(f"\r{count} {what} read …", end="", file=sys.stderr, flush=True)

    return show
