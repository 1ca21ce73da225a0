"""`embrace warehouse ddl`: the warehouse schema as SQL, for one server or in its cluster form.
`embrace warehouse access`: the tenants' read-only users and row policies, printed or applied.
`embrace warehouse share`: the embedded store served to the other processes of one machine."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from embrace.errors import OperatorError
from embrace.settings import load_settings
from embrace.warehouse.ddl import schema_statements
from embrace.warehouse.readers import access_statements
from embrace.warehouse.sharing import SharedStore
from embrace.warehouse.sharing_http import sharing_app
from services.cli.http_server import bind, serve_http
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
    share = warehouse.add_parser(
        "share", parents=[common],
        help="serve the embedded store over ClickHouse's HTTP interface, for the other processes here",
    )  # fmt: skip
    share.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    share.add_argument("--port", type=int, default=8123, help="port to listen on (default 8123)")
    share.set_defaults(handler=_share)


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


def _share(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    if not settings.warehouse_dsn.startswith("chdb://"):  # before connecting: it may be this very port
        raise _not_embedded(settings.warehouse_dsn)
    sock = bind(args.host, args.port)
    schema = open_warehouse(settings)  # applied once here, so that the workers that connect find it whole
    store = schema.embedded_store
    schema.close()
    if store is None:
        raise _not_embedded(settings.warehouse_dsn)
    shared = SharedStore(store)
    try:
        host, port = sock.getsockname()[:2]
        say(
            f"the warehouse is shared: EMBRACE_CLICKHOUSE_DSN=http://{host}:{port}/{settings.clickhouse_database}"
        )
        serve_http(sharing_app(shared), sock)
    finally:
        shared.close()


def _not_embedded(dsn: str) -> OperatorError:
    return OperatorError(f"{dsn} is a ClickHouse server, which every process reaches already; only an "
                         "embedded (chdb://) store is shared")  # fmt: skip
