"""`embrace import police`: the police's notices from saved files, or polled from their API until
stopped."""

from __future__ import annotations

import argparse
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from prometheus_client import Gauge, start_http_server

from embrace.errors import OperatorError
from embrace.settings import Settings
from embrace.sqlstore.boundaries import place_names
from services.cli.importing import Say, delivery_for, finish, prepared, progress
from services.ingest.imports.police_import import Scope, import_police, tenants_scope
from services.ingest.imports.police_live import Pacing, PoliceApi, poll
from services.ingest.imports.police_notices import Observation, Unreadable, read_files
from services.ingest.imports.records import ImportSummary

if TYPE_CHECKING:
    from services.cli.delivery import Delivery


def import_police_notices(args: argparse.Namespace, say: Say) -> None:
    if bool(args.files) == bool(args.live):
        raise OperatorError("give saved files to import, or --live to poll the API (not both)")
    settings, sql_store, taxonomy = prepared(args)
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
    delivery = delivery_for(settings, sql_store, taxonomy, say)

    def handle(observations: list[Observation | Unreadable]) -> ImportSummary:
        return import_police(sql_store, observations, names, scope, zone, progress("notices"))

    try:
        if args.live:
            _poll_until_stopped(settings, args.interval, handle, delivery, say)
        else:
            summary = import_police(
                sql_store, read_files(args.files), names, scope, zone, progress("notices")
            )
            finish(summary, delivery, say)
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
        finish(handle(observations), delivery, say)

    poll(api, Pacing(interval), one_round, stop, say)
