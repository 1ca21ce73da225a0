"""`embrace situation subscribe | subscribers | unsubscribe`: who the platform mails what, for the
operator. People who sign in choose their own on the web app's Utskick page."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from sqlalchemy import select

from embrace.errors import OperatorError
from embrace.settings import load_settings
from embrace.sqlstore.registry import find_organisation, known_tenant
from embrace.sqlstore.report_tables import Subscription
from embrace.sqlstore.subscriptions import KINDS, ORGANISATIONS_OWN, subscribe, subscribed, unsubscribe
from services.cli.arguments import tenant_code
from services.cli.stores import sql_session

Say = Callable[[str], None]


def register(
    reports: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    adding = reports.add_parser("subscribe", parents=[common], help="mail a tenant's reports to someone")
    adding.add_argument("--org", help="the subscriber's organisation (slug)")
    adding.add_argument("--external", action="store_true", help="beyond the tenant's organisations")
    adding.add_argument("--language", choices=["sv", "en"], default="sv")
    adding.set_defaults(handler=_subscribe)
    listing = reports.add_parser("subscribers", parents=[common], help="who a tenant's mail goes to")
    listing.add_argument("--all", action="store_true", help="also those who unsubscribed")
    listing.set_defaults(handler=_subscribers)
    ending = reports.add_parser("unsubscribe", parents=[common], help="stop mailing someone one kind")
    ending.set_defaults(handler=_unsubscribe)
    for parser in (adding, listing, ending):
        parser.add_argument("--tenant", required=True, type=tenant_code)
    for parser in (adding, ending):
        parser.add_argument("--email", required=True)
        parser.add_argument(
            "--kind", choices=KINDS, default="weekly",
            help="feedback: what the organisation's reports led to; tasks: a mail when a meeting gives the "
            "organisation a task; reminder: a mail when the organisation has not reported a week by the time "
            "its report is made (these three need --org)",
        )  # fmt: skip


def _subscribe(args: argparse.Namespace, say: Say) -> None:
    what = f"the {args.kind} mail of {args.org} in {args.tenant}" if args.org else (
        f"the {args.kind} reports of {args.tenant}")  # fmt: skip
    with sql_session(load_settings(home=args.home)) as session:
        known_tenant(session, args.tenant)
        if args.kind in ORGANISATIONS_OWN and not args.org:
            raise OperatorError(f"the {args.kind} mail is an organisation's: give --org")
        if args.org and find_organisation(session, args.tenant, args.org) is None:
            unknown = f"no organisation {args.org} in tenant {args.tenant}"
            raise OperatorError(f"{unknown}; see `embrace orgs list`")
        if not subscribe(session, args.tenant, args.email, args.kind, organisation=args.org,
                         external=args.external, language=args.language):  # fmt: skip
            raise OperatorError(f"{args.email} already subscribes to {what}")
    say(f"{args.email} subscribes to {what}")


def _subscribers(args: argparse.Namespace, say: Say) -> None:
    with sql_session(load_settings(home=args.home)) as session:
        known_tenant(session, args.tenant)
        query = select(Subscription).where(Subscription.tenant == args.tenant)
        found = session.scalars(query.order_by(Subscription.kind, Subscription.email)).all()
        rows = [(s.kind, s.email, s.organisation or "-", "external" if s.external else "internal",
                 s.language, "active" if s.active else "unsubscribed")
                for s in found if s.active or args.all]  # fmt: skip
    say("\n".join("\t".join(row) for row in rows) if rows else f"no one subscribes to mail of {args.tenant}")


def _unsubscribe(args: argparse.Namespace, say: Say) -> None:
    with sql_session(load_settings(home=args.home)) as session:
        known_tenant(session, args.tenant)
        if not subscribed(session, args.tenant, args.email, args.kind):
            raise OperatorError(f"{args.email} does not subscribe to the {args.kind} mail of {args.tenant}")
        unsubscribe(session, args.tenant, args.email, args.kind)
    say(f"{args.email} no longer gets the {args.kind} mail of {args.tenant}")
