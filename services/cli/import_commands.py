"""`embrace import police|incidents|survey` and `embrace places import`: other sources, onto the bus like
any report. The police's notices have a module of their own (police_commands.py)."""

from __future__ import annotations

import argparse
from pathlib import Path
from zoneinfo import ZoneInfo

from embrace.sqlstore.boundaries import places
from embrace.sqlstore.credentials import principal_of
from embrace.sqlstore.registry import known_tenant, require_organisation
from services.cli.arguments import tenant_code
from services.cli.importing import Say, delivery_for, finish, prepared
from services.cli.police_commands import import_police_notices
from services.ingest.imports.gazetteer import import_gazetteer
from services.ingest.imports.history import Checks, import_history
from services.ingest.imports.history_mapping import load_mapping
from services.ingest.imports.surveys import import_surveys


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
    police.set_defaults(handler=import_police_notices)

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


def _incidents(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = prepared(args)
    mapping = load_mapping(args.mapping, taxonomy)
    with sql_store.session() as session:
        organisation = require_organisation(session, args.tenant, args.org)
        principal = principal_of(organisation, "reporter", "import")
        known_places = places(session)
    delivery = delivery_for(settings, sql_store, taxonomy, say)
    try:
        checks = Checks(taxonomy, known_places, ZoneInfo(settings.timezone))
        finish(import_history(sql_store, args.file, mapping, principal, checks), delivery, say)
    finally:
        delivery.close()


def _survey(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = prepared(args)
    delivery = delivery_for(settings, sql_store, taxonomy, say)
    try:
        finish(import_surveys(sql_store, args.file, args.tenant), delivery, say)
    finally:
        delivery.close()


def _places(args: argparse.Namespace, say: Say) -> None:
    settings, sql_store, taxonomy = prepared(args)
    with sql_store.session() as session:
        known_tenant(session, args.tenant)
        known_places = places(session)
    delivery = delivery_for(settings, sql_store, taxonomy, say)
    try:
        finish(import_gazetteer(sql_store, args.file, args.tenant, known_places), delivery, say)
    finally:
        delivery.close()
