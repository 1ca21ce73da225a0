"""What every import command shares: its settings and stores, the delivery that publishes what it
committed, its summary, and a count on the terminal while it runs."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from embrace.settings import Settings, load_settings
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from services.cli.stores import open_sql_store
from services.ingest.imports.records import ImportSummary

if TYPE_CHECKING:
    from services.cli.delivery import Delivery

Say = Callable[[str], None]


def prepared(args: argparse.Namespace) -> tuple[Settings, SqlStore, Taxonomy]:
    settings = load_settings(home=args.home)
    return settings, open_sql_store(settings), Taxonomy.load(settings.taxonomy_extra)


def delivery_for(settings: Settings, sql_store: SqlStore, taxonomy: Taxonomy, say: Say) -> Delivery:
    from services.cli.delivery import Delivery  # the pipeline's stack, only for a command that imports

    return Delivery(settings, sql_store, taxonomy, say)


def finish(summary: ImportSummary, delivery: Delivery, say: Say) -> None:
    if sys.stderr.isatty():
        print(file=sys.stderr)  # end the progress line
    for line in summary.lines():
        say(line)
    delivery.publish()


def progress(what: str) -> Callable[[int], None]:
    """A count on the terminal while it runs; nothing when output goes to a file."""
    if not sys.stderr.isatty():
        return lambda _: None

    def show(count: int) -> None:
        print(f"\r{count} {what} read …", end="", file=sys.stderr, flush=True)

    return show
