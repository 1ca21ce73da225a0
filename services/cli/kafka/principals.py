"""`embrace kafka principals` (the services' own users and rights) and `embrace integrators add|revoke|list`
(an organisation's user that may write its own inbox only). Both act as the administrator: the settings'
Kafka user must be a super user (``embrace kafka start --secure`` keeps its password in the broker's
sql_store)."""

from __future__ import annotations

import argparse
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeAlias

from embrace.bus.kafka_connection import derived_password
from embrace.bus.kafka_principals import (
    Grant,
    Principals,
    integrator_grants,
    relay_grants,
    stage_grants,
)
from embrace.bus.topic_admin import ensure_topics
from embrace.errors import OperatorError
from embrace.inboxes import inbox
from embrace.settings import Settings, load_settings
from embrace.sqlstore.registry import require_organisation
from embrace.taxonomy import Taxonomy
from services.cli.arguments import tenant_code
from services.cli.stores import both_stores, open_sql_store

Say = Callable[[str], None]
Actions: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def register_principals(kafka_actions: Actions, common: argparse.ArgumentParser) -> None:
    principals = kafka_actions.add_parser(
        "principals", parents=[common], help="the services' Kafka users, each with the least rights it needs"
    )
    principals.add_argument("--apply", action="store_true", help="create or update them (else: show)")
    principals.add_argument("--passwords", action="store_true", help="print each one's environment")
    principals.set_defaults(handler=_principals)


def register(commands: Actions, common: argparse.ArgumentParser) -> None:
    integrators = commands.add_parser("integrators", help="organisations that publish to Kafka themselves")
    actions = integrators.add_subparsers(dest="action", required=True)
    for name, handler, text in (("add", _add, "a user that may write only the organisation's inbox"),
                                ("revoke", _revoke, "remove the user and its rights")):  # fmt: skip
        sub = actions.add_parser(name, parents=[common], help=text)
        sub.add_argument("--tenant", required=True, type=tenant_code, help="municipality code, e.g. 0180")
        sub.add_argument("--org", required=True, help="the organisation's slug in the tenant")
        sub.set_defaults(handler=handler)
    listing = actions.add_parser("list", parents=[common], help="the integrators' users")
    listing.set_defaults(handler=_list)


def service_user(settings: Settings, service: str) -> str:
    return f"{settings.topic_namespace}embrace-{service}"


def integrator_prefix(settings: Settings) -> str:
    """The beginning of every integrator's user name."""
    return f"{settings.topic_namespace}integrator."


def integrator_user(settings: Settings, tenant: str, organisation: str) -> str:
    return f"{integrator_prefix(settings)}{tenant}.{organisation}"


def service_grants(settings: Settings) -> dict[str, set[Grant]]:
    """Each service's rights, read off the stages it runs (built as `embrace serve` builds them)."""
    from services.cli.bootstrap import enrich_context, writer_stages
    from services.enrich.stages import build_stages as enrich_stages

    namespace = settings.topic_namespace
    with both_stores(settings) as (warehouse, sql_store):
        enrich = enrich_stages(enrich_context(settings, Taxonomy.load(settings.taxonomy_extra), sql_store))
        aggregate = writer_stages(settings, warehouse)
        return {
            "ingest": relay_grants(namespace),
            "enrich": stage_grants(enrich, namespace, "embrace-enrich"),
            "aggregate": stage_grants(aggregate, namespace, "embrace-aggregate"),
        }


@contextmanager
def _administrator(settings: Settings) -> Iterator[Principals]:
    if not settings.kafka_bootstrap or not settings.kafka_username:
        raise OperatorError("set EMBRACE_KAFKA_BOOTSTRAP and the administrator's EMBRACE_KAFKA_USERNAME and "
                            "EMBRACE_KAFKA_PASSWORD (a super user of the cluster)")  # fmt: skip
    principals = Principals(settings.kafka)
    try:
        yield principals
    finally:
        principals.close()


def _principals(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    if (args.apply or args.passwords) and not settings.kafka_secret:
        raise OperatorError("set EMBRACE_KAFKA_SECRET: the services' passwords are derived from it")
    grants = service_grants(settings)
    for service, granted in grants.items():
        user = service_user(settings, service)
        say(f"{user}: " + ", ".join(sorted(_said(g) for g in granted)))
        if args.passwords:
            say(f"  EMBRACE_KAFKA_USERNAME={user} EMBRACE_KAFKA_PASSWORD="
                f"{derived_password(settings.kafka_secret, user)}")  # fmt: skip
    if args.apply:
        with _administrator(settings) as principals:
            ensure_topics(
                settings.kafka,
                namespace=settings.topic_namespace,  # theirs to use, not to make
                replication_factor=settings.kafka_replication,
            )
            for service, granted in grants.items():
                user = service_user(settings, service)
                principals.set_user(user, derived_password(settings.kafka_secret, user))
                principals.grant(user, granted)
        say(f"applied: {len(grants)} users and their ACLs")


def _said(grant: Grant) -> str:
    name = f"{grant.name}*" if grant.prefixed else grant.name
    return f"{grant.operation.name.lower()} {grant.resource.name.lower()} {name}"


def _add(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    sql_store = open_sql_store(settings)
    try:
        with sql_store.session() as session:
            require_organisation(session, args.tenant, args.org)
    finally:
        sql_store.close()
    topic, user = inbox(args.tenant, args.org), integrator_user(settings, args.tenant, args.org)
    password = secrets.token_urlsafe(24)
    with _administrator(settings) as principals:
        ensure_topics(
            settings.kafka,
            [topic],
            namespace=settings.topic_namespace,
            replication_factor=settings.kafka_replication,
        )
        principals.set_user(user, password)
        principals.grant(user, integrator_grants(settings.topic_namespace, topic))
    say(f"integrator {user} may write {settings.topic_namespace}{topic.name} and nothing else.")
    say("Its password is shown this once; `embrace integrators add` again sets a new one:")
    say(f"username: {user}\npassword: {password}\ntopic: {settings.topic_namespace}{topic.name}")
    say(f"mechanism: SCRAM-SHA-512 over {settings.kafka.protocol}; bootstrap: {settings.kafka_bootstrap}")


def _revoke(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    user = integrator_user(settings, args.tenant, args.org)
    with _administrator(settings) as principals:
        deleted, removed = principals.revoke(user), principals.remove_user(user)
    if not deleted and not removed:
        raise OperatorError(f"no integrator {user}")
    say(f"revoked {user}: its credential and {deleted} ACLs are gone; the broker refuses it from now on")


def _list(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings(home=args.home)
    prefix = integrator_prefix(settings)
    with _administrator(settings) as principals:
        users = principals.users(prefix)
    say("\n".join(users) if users else "no integrators")
