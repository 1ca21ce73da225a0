"""`embrace grafana dashboards`: the dashboards as files. `embrace grafana sync`: each tenant's organisation,
data source and dashboards in a Grafana."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from embrace.errors import OperatorError
from embrace.settings import Settings, load_settings
from services.cli.stores import tenants

if TYPE_CHECKING:
    from services.dashboards.sync import Target

Say = Callable[[str], None]
DASHBOARDS = Path("deploy/grafana/dashboards")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    grafana = commands.add_parser("grafana", help="Grafana dashboards and organisations").add_subparsers(
        dest="action", required=True
    )
    boards = grafana.add_parser("dashboards", help=f"write the dashboards' JSON (default {DASHBOARDS})")
    boards.add_argument("--dir", type=Path, default=DASHBOARDS)
    boards.add_argument("--check", action="store_true", help="fail if the files drifted from the code")
    boards.set_defaults(handler=_dashboards)
    synced = grafana.add_parser(
        "sync", parents=[common], help="an organisation per tenant (EMBRACE_GRAFANA_URL)"
    )
    synced.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    synced.set_defaults(handler=_sync)


def _dashboards(args: argparse.Namespace, say: Say) -> None:
    from services.dashboards import dashboards

    if args.check:
        stale = dashboards.drifted(args.dir)
        if stale:
            raise OperatorError(
                f"{args.dir} drifted from the code ({', '.join(stale)}); run `embrace grafana dashboards`"
            )
        say(f"{args.dir} matches the code")
        return
    for path in dashboards.write(args.dir):
        say(f"wrote {path}")


def _sync(args: argparse.Namespace, say: Say) -> None:
    from services.dashboards import sync
    from services.dashboards.grafana_http import GrafanaHttp

    settings = load_settings(home=args.home)
    for name, value in (("EMBRACE_GRAFANA_URL", settings.grafana_url),
                        ("EMBRACE_GRAFANA_PASSWORD", settings.grafana_password),
                        ("EMBRACE_READER_SECRET", settings.reader_secret)):  # fmt: skip
        if not value:
            raise OperatorError(f"{name} is not set: `embrace grafana sync` needs it")
    grafana = GrafanaHttp(settings.grafana_url, settings.grafana_user, settings.grafana_password)
    steps = sync.plan(grafana, _targets(settings))
    for step in steps:
        say(("would " if args.dry_run else "") + step.text)
    if not args.dry_run:
        sync.apply(grafana, steps)
    say(f"{len(steps)} changes{' planned' if args.dry_run else ''}; nothing else differs")


def _targets(settings: Settings) -> list[Target]:
    from services.dashboards import sync

    return [sync.target(code, name, database=settings.clickhouse_database, zone=settings.timezone,
                        clickhouse_url=settings.grafana_clickhouse_url, secret=settings.reader_secret)
            for code, name in tenants(settings)]  # fmt: skip
