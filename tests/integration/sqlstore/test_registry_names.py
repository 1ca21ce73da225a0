"""Tenants and organisations are published by name when added, so the warehouse (and Grafana) can name
them; publishing them again keeps one row each, with the new name; a store from before the names were
published publishes them all on its first migration after the upgrade, and only then."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update

from embrace.sqlstore.registry import publish_every_name
from embrace.sqlstore.tables import Organisation, OutboxMessage, Tenant
from embrace.sqlstore.upgrades import UpgradeStep
from tests.support.system import System

NAMES = """SELECT t.name, o.organisation, o.name, o.kind
FROM {db}.tenants AS t FINAL JOIN {db}.organisations AS o FINAL ON o.tenant = t.tenant
ORDER BY o.organisation"""


def test_a_new_partner_reaches_the_warehouse_by_name(system: System) -> None:
    system.add_partner("0180", "bostadsbolaget", kind="housing")
    system.add_partner("0180", "vakten", kind="security")
    assert system.warehouse.query(NAMES) == [
        ("Kommun 0180", "bostadsbolaget", "Bostadsbolaget", "housing"),
        ("Kommun 0180", "vakten", "Vakten", "security"),
    ]


def test_publishing_again_after_a_rename_keeps_one_row_with_the_new_name(system: System) -> None:
    system.add_partner("0180", "bostadsbolaget", kind="housing")
    with system.sql_store.session() as session:
        session.execute(update(Organisation).values(name="Bostadsbolaget i Stockholm AB"))
        assert publish_every_name(session) == 2
    system.relay.drain()
    assert system.warehouse.query(NAMES) == [
        ("Kommun 0180", "bostadsbolaget", "Bostadsbolaget i Stockholm AB", "housing")
    ]


def test_an_upgraded_store_publishes_the_names_it_already_held_once(system: System) -> None:
    with system.sql_store.session() as session:  # as a release without the registry's topics left it
        session.add(Tenant(code="0180", name="Stockholms stad"))
        session.flush()
        session.add(Organisation(tenant="0180", slug="polisen", name="Polisen City", kind="police"))
        session.execute(delete(UpgradeStep))
    system.sql_store.migrate()
    system.sql_store.migrate()
    with system.sql_store.session() as session:
        assert session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    system.relay.drain()
    assert system.warehouse.query(NAMES) == [("Stockholms stad", "polisen", "Polisen City", "police")]
