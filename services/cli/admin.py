"""`embrace tenants|orgs`: who uses the instance (`embrace keys|users`, who may do what, are in
``services/cli/access_commands.py``)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeAlias

from embrace.settings import load_settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.registry import (
    ORGANISATION_KINDS,
    add_organisation,
    add_tenant,
    list_organisations,
    list_tenants,
    publish_every_name,
    rename_organisation,
    rename_tenant,
)
from services.cli.arguments import tenant_code
from services.cli.stores import open_sql_store

Say = Callable[[str], None]


Commands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    _register_tenants(commands, common)
    _register_orgs(commands, common)


def actions(commands: Commands, name: str, help_text: str) -> Commands:
    return commands.add_parser(name, help=help_text).add_subparsers(dest="action", required=True)


def _register_tenants(commands: Commands, common: argparse.ArgumentParser) -> None:
    tenants = actions(commands, "tenants", "municipalities using this instance")
    add = tenants.add_parser("add", parents=[common], help="add a tenant")
    add.add_argument("code", help="4-digit municipality code, e.g. 0180")
    add.add_argument("name", help="name, e.g. 'Stockholms stad'")
    add.set_defaults(handler=_tenants_add)
    tenants.add_parser("list", parents=[common], help="list tenants").set_defaults(handler=_tenants_list)
    rename = tenants.add_parser("rename", parents=[common], help="give a tenant a new name")
    rename.add_argument("code", type=tenant_code)
    rename.add_argument("name")
    rename.set_defaults(handler=_tenants_rename)
    tenants.add_parser(
        "publish", parents=[common],
        help="put every tenant's and organisation's name on the bus again, for the warehouse's dashboards",
    ).set_defaults(handler=_tenants_publish)  # fmt: skip


def _register_orgs(commands: Commands, common: argparse.ArgumentParser) -> None:
    orgs = actions(commands, "orgs", "partner organisations")
    add = orgs.add_parser("add", parents=[common], help="add an organisation to a tenant")
    add.add_argument("--tenant", required=True, type=tenant_code, help="municipality code")
    add.add_argument("--id", required=True, dest="slug", help="short id, e.g. bostadsbolaget")
    add.add_argument("--name", required=True)
    add.add_argument("--kind", required=True, choices=ORGANISATION_KINDS)
    add.set_defaults(handler=_orgs_add)
    rename = orgs.add_parser("rename", parents=[common], help="give an organisation a new name")
    rename.add_argument("--tenant", required=True, type=tenant_code, help="municipality code")
    rename.add_argument("--id", required=True, dest="slug", help="the organisation's id, which stays")
    rename.add_argument("--name", required=True, help="its new name")
    rename.set_defaults(handler=_orgs_rename)
    listing = orgs.add_parser("list", parents=[common], help="list organisations")
    listing.add_argument("--tenant", type=tenant_code)
    listing.set_defaults(handler=_orgs_list)


def sql_store_of(args: argparse.Namespace) -> SqlStore:
    return open_sql_store(load_settings(home=args.home))


def _tenants_add(args: argparse.Namespace, say: Say) -> None:
    sql_store = sql_store_of(args)
    with sql_store.session() as session:
        add_tenant(session, args.code, args.name)
    say(f"added tenant {args.code} ({args.name})")


def _tenants_list(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        for tenant in list_tenants(session):
            say(f"{tenant.code}  {tenant.name}")


def _tenants_rename(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        rename_tenant(session, args.code, args.name)
    say(f"tenant {args.code} is now {args.name!r}")


def _orgs_rename(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        rename_organisation(session, args.tenant, args.slug, args.name)
    say(f"organisation {args.slug} of tenant {args.tenant} is now {args.name!r}")


def _tenants_publish(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        count = publish_every_name(session)
    say(f"queued the names of {count} tenants and organisations; the relay puts them on the bus")


def _orgs_add(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        add_organisation(session, args.tenant, args.slug, args.name, args.kind)
    say(f"added organisation {args.slug} ({args.kind}) to tenant {args.tenant}")


def _orgs_list(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        for org in list_organisations(session, args.tenant):
            say(f"{org.tenant}  {org.slug:<28} {org.kind:<13} {org.name}")
