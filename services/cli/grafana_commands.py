"""`embrace grafana ...`: the dashboards as files, and each tenant's organisation in a Grafana."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from embrace.errors import OperatorError
from services.reporting.grafana import dashboards

Say = Callable[[str], None]
DASHBOARDS = Path("deploy/grafana/dashboards")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    del common  # these commands read no settings
    grafana = commands.add_parser("grafana", help="Grafana dashboards and organisations").add_subparsers(
        dest="action", required=True
    )
    boards = grafana.add_parser("dashboards", help=f"write the dashboards' JSON (default {DASHBOARDS})")
    boards.add_argument("--dir", type=Path, default=DASHBOARDS)
    boards.add_argument("--check", action="store_true", help="fail if the files drifted from the code")
    boards.set_defaults(handler=_dashboards)


def _dashboards(args: argparse.Namespace, say: Say) -> None:
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
