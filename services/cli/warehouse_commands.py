"""`embrace warehouse ddl`: the warehouse schema as SQL, for one server or in its cluster form."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from embrace.settings import load_settings
from embrace.warehouse.ddl import schema_statements

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    warehouse = commands.add_parser("warehouse", help="the ClickHouse warehouse").add_subparsers(
        dest="action", required=True
    )
    ddl = warehouse.add_parser(
        "ddl", parents=[common], help="print the schema's SQL, to read or apply by hand"
    )
    ddl.add_argument(
        "--cluster", help="render the cluster form for this cluster (default EMBRACE_CLICKHOUSE_CLUSTER)"
    )
    ddl.set_defaults(handler=_ddl)


def _ddl(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    cluster = args.cluster or settings.clickhouse_cluster
    for statement in schema_statements(settings.clickhouse_database, settings.free_text_days, cluster):
        say(f"{statement};\n")
