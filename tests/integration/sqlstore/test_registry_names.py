"""Tenants and organisations are published by name when added, so the warehouse (and Grafana) can name
them; publishing them again keeps one row each, with the new name."""

from __future__ import annotations

from sqlalchemy import update

from embrace.sqlstore.registry import publish_every_name
from embrace.sqlstore.tables import Organisation
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
