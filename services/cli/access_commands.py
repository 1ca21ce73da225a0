"""`embrace keys|users`: who may do what, as an organisation's API keys and the people who log in."""

from __future__ import annotations

import argparse
import getpass
import sys
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session

from embrace.errors import OperatorError
from embrace.roles import ROLES
from embrace.sqlstore.accounts import add_user, let_in, person, replace_password
from embrace.sqlstore.credentials import new_api_key, revoke_api_key
from embrace.sqlstore.erasure import forget_person
from embrace.sqlstore.registry import list_api_keys, require_organisation
from embrace.sqlstore.tables import Organisation, User
from services.cli.admin import Commands, Say, actions, sql_store_of
from services.cli.arguments import tenant_code


def register(commands: Commands, common: argparse.ArgumentParser) -> None:
    _register_keys(commands, common)
    _register_users(commands, common)


def _register_keys(commands: Commands, common: argparse.ArgumentParser) -> None:
    keys = actions(commands, "keys", "API keys of organisations")
    create = keys.add_parser("create", parents=[common], help="create a key; it is printed once")
    create.add_argument("--org", required=True, help="organisation id")
    create.add_argument(
        "--tenant", type=tenant_code, help="municipality code (needed when the id exists in several tenants)"
    )
    create.add_argument("--label", default="")
    create.add_argument(
        "--role", default="reporter", choices=ROLES, help="what the key may do (default reporter)"
    )
    create.set_defaults(handler=_keys_create)
    revoke = keys.add_parser("revoke", parents=[common], help="revoke a key by its prefix")
    revoke.add_argument("prefix", help="the 8 characters after 'emb_'")
    revoke.set_defaults(handler=_keys_revoke)
    listing = keys.add_parser("list", parents=[common], help="list an organisation's keys (prefixes only)")
    listing.add_argument("--org", required=True)
    listing.add_argument("--tenant", type=tenant_code)
    listing.set_defaults(handler=_keys_list)


def _register_users(commands: Commands, common: argparse.ArgumentParser) -> None:
    users = actions(commands, "users", "people who log in to the web app")
    listing = users.add_parser("list", parents=[common], help="list the people of a tenant or of all")
    listing.add_argument("--tenant", type=tenant_code)
    listing.set_defaults(handler=_users_list)
    for action, allowed, what in (("disable", False, "close a person's access (and end their sessions)"),
                                  ("enable", True, "open a person's access again")):  # fmt: skip
        access = users.add_parser(action, parents=[common], help=what)
        access.add_argument("--email", required=True)
        access.set_defaults(handler=partial(_users_let_in, allowed=allowed))
    what = "give a person a new password (read from stdin); their sessions end"
    password = users.add_parser("password", parents=[common], help=what)
    password.add_argument("--email", required=True)
    password.set_defaults(handler=_users_password)
    what = "forget a person: their account, sessions, draft and mail subscriptions (what they reported stays)"
    forget = users.add_parser("forget", parents=[common], help=what)
    forget.add_argument("--email", required=True)
    forget.set_defaults(handler=_users_forget)
    add = users.add_parser("add", parents=[common], help="add a person; the password is read from stdin")
    add.add_argument("--org", required=True, help="organisation id")
    add.add_argument(
        "--tenant", type=tenant_code, help="municipality code (needed when the id exists in several tenants)"
    )
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", default="reporter", choices=ROLES)
    add.set_defaults(handler=_users_add)


def _organisation(session: Session, slug: str, tenant: str | None) -> Organisation:
    if tenant is not None:
        return require_organisation(session, tenant, slug)
    matches = list(session.scalars(select(Organisation).where(Organisation.slug == slug)))
    if not matches:
        raise OperatorError(f"no organisation {slug}; see `embrace orgs list`")
    if len(matches) > 1:
        tenants = ", ".join(sorted(m.tenant for m in matches))
        raise OperatorError(f"organisation {slug} exists in tenants {tenants}; pass --tenant")
    organisation: Organisation = matches[0]
    return organisation


def _keys_create(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        organisation = _organisation(session, args.org, args.tenant)
        key = new_api_key(session, organisation, args.label, args.role)
    say(key)
    say(f"(API key, role {args.role}, of {organisation.slug} in {organisation.tenant}; it is shown only now)")


def _users_add(args: argparse.Namespace, say: Say) -> None:
    password = _read_password()
    with sql_store_of(args).session() as session:
        organisation = _organisation(session, args.org, args.tenant)
        add_user(session, organisation, args.email, args.name, args.role, password)
    say(f"added {args.email} ({args.role}) to {organisation.slug} in tenant {organisation.tenant}")


def _users_list(args: argparse.Namespace, say: Say) -> None:
    query = select(User, Organisation).join(Organisation, Organisation.id == User.organisation_id)
    if args.tenant:
        query = query.where(Organisation.tenant == args.tenant)
    with sql_store_of(args).session() as session:
        for user, organisation in session.execute(query.order_by(Organisation.tenant, User.email)):
            state = "disabled" if user.disabled_at else "active"
            where = f"{organisation.tenant}  {user.email:<32} {user.role:<9} {state:<8}"
            say(f"{where} {organisation.slug}  {user.name}")


def _users_let_in(args: argparse.Namespace, say: Say, *, allowed: bool) -> None:
    with sql_store_of(args).session() as session:
        let_in(session, person(session, args.email), allowed)
    say(f"{args.email.strip().lower()} may {'' if allowed else 'no longer '}sign in")


def _users_password(args: argparse.Namespace, say: Say) -> None:
    password = _read_password()
    with sql_store_of(args).session() as session:
        replace_password(session, person(session, args.email), password)
    say(f"{args.email.strip().lower()} has a new password; their sessions have ended")


def _users_forget(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        forgotten = forget_person(session, args.email)
    account = "their account, sessions and draft, and " if forgotten.account else ""
    say(f"forgot {args.email.strip().lower()}: {account}{forgotten.subscriptions} mail subscription(s)")


def _read_password() -> str:
    # Never from the command line, where other users can see it in the process list.
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if getpass.getpass("again: ") != first:
            raise OperatorError("the passwords differ")
        return first
    return sys.stdin.readline().rstrip("\n")


def _keys_revoke(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        if not revoke_api_key(session, args.prefix):
            raise OperatorError(f"no active key with prefix {args.prefix}")
    say(f"revoked key emb_{args.prefix}_...")


def _keys_list(args: argparse.Namespace, say: Say) -> None:
    with sql_store_of(args).session() as session:
        organisation = _organisation(session, args.org, args.tenant)
        for key in list_api_keys(session, organisation):
            state = f"revoked {key.revoked_at:%Y-%m-%d}" if key.revoked_at else "active"
            say(f"emb_{key.prefix}_...  {state:<18} created {key.created_at:%Y-%m-%d}  {key.label}")
