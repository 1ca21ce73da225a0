"""`embrace warehouse ddl`: the warehouse schema as SQL, for one server or in its cluster form.
`embrace warehouse access`: the tenants' read-only users and row policies, printed or applied."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from embrace.errors import OperatorError
from embrace.settings import load_settings
from embrace.warehouse.ddl import schema_statements
from embrace.warehouse.readers import access_statements
from services.cli.stores import open_warehouse, tenants

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
    access = warehouse.add_parser(
        "access", parents=[common], help="the tenants' read-only users and row policies (a server's)"
    )
    access.add_argument("--apply", action="store_true", help="run them on EMBRACE_CLICKHOUSE_DSN")
    access.set_defaults(handler=_access)


def _ddl(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    cluster = args.cluster or settings.clickhouse_cluster
    for statement in schema_statements(settings.clickhouse_database, settings.free_text_days, cluster):
        say(f"{statement};\n")


def _access(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    if not settings.reader_secret:
        raise OperatorError("EMBRACE_READER_SECRET is not set: the readers' passwords are derived from it")
    codes = [code for code, _ in tenants(settings)]
    statements = access_statements(
        settings.clickhouse_database, codes, settings.reader_secret, settings.regional_reader_password
    )
    if not args.apply:
        for statement in statements:
            say(f"{statement};")
        return
    if not settings.warehouse_dsn.startswith("http"):
        raise OperatorError("users and row policies need a ClickHouse server: set EMBRACE_CLICKHOUSE_DSN")
    warehouse = open_warehouse(settings)
    try:
        for statement in statements:
            warehouse.command(statement)
    finally:
        warehouse.close()
    say(f"applied {len(statements)} statements: readers of {len(codes)} tenants and the regional reader")
