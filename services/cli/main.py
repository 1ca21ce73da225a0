"""The `embrace` command line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from embrace import schemas
from embrace.errors import OperatorError
from embrace.settings import load_settings
from services.cli import (
    access_commands,
    admin,
    forecast_commands,
    geo_commands,
    grafana_commands,
    import_commands,
    probe_commands,
    situation_commands,
    warehouse_commands,
)
from services.cli.kafka import commands as kafka_commands
from services.cli.kafka import principals


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--home", type=Path, help="directory of the embedded stores (default ./var or EMBRACE_HOME)"
    )
    parser = argparse.ArgumentParser(
        prog="embrace", description="EMBRACE: collect, understand and act on local crime and insecurity."
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser("run", parents=[common], help="run everything in one process (embedded)")
    run.add_argument("--port", type=int, help="HTTP port (default 8000)")
    run.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    run.add_argument("--demo", action="store_true", help="seed a synthetic demo municipality and print a key")
    run.set_defaults(handler=_run)

    admin.register(commands, common)
    access_commands.register(commands, common)
    kafka_commands.register(commands, common)
    principals.register(commands, common)
    geo_commands.register(commands, common)
    import_commands.register(commands, common)
    warehouse_commands.register(commands, common)
    grafana_commands.register(commands, common)
    probe_commands.register(commands, common)
    situation_commands.register(commands, common)
    forecast_commands.register(commands, common)

    schema = commands.add_parser("schemas", help="JSON Schemas of the message contracts").add_subparsers(
        dest="action", required=True
    )
    for action, text in (("write", "regenerate schemas/*.json"), ("check", "fail if schemas/ drifted")):
        sub = schema.add_parser(action, help=text)
        sub.add_argument("--dir", type=Path, default=Path("schemas"))
        sub.set_defaults(handler=_schemas_write if action == "write" else _schemas_check)
    return parser


def _run(args: argparse.Namespace, say: admin.Say) -> None:
    from services.cli.embedded import run_embedded  # uvicorn and the stores load only when running

    settings = load_settings(home=args.home, http_port=args.port, http_host=args.host)
    run_embedded(settings, demo=args.demo, say=say)


def _schemas_write(args: argparse.Namespace, say: admin.Say) -> None:
    for path in schemas.write(args.dir):
        say(f"wrote {path}")


def _schemas_check(args: argparse.Namespace, say: admin.Say) -> None:
    stale = schemas.drift(args.dir)
    if stale:
        raise OperatorError(
            f"{args.dir} drifted from the contracts ({', '.join(stale)}); run `embrace schemas write`"
        )
    say(f"{args.dir} matches the contracts")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if not args.verbose:
        # Client libraries log every failed attempt to reach a store, even when we retry on purpose.
        for noisy in ("urllib3", "clickhouse_connect", "kafka", "aiokafka"):
            logging.getLogger(noisy).setLevel(logging.CRITICAL)

    def say(line: str) -> None:
        print(line, flush=True)

    try:
        args.handler(args, say)
    except OperatorError as exc:
        print(f"embrace: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
