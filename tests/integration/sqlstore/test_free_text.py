"""What people wrote in a report is forgotten by the SQL store once it has been kept the free-text days
after the report was last submitted: descriptions, addresses that another place stands beside, and the
number of one that stands alone. The report stays readable, correctable and counted; a draft left as
long is deleted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select

from embrace.contracts import Incident, IncidentReport
from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import add_user
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.free_text import BATCH, forget_every_free_text, street_only
from embrace.sqlstore.tables import Draft, Organisation, StoredReport
from embrace.sqlstore.upgrades import UpgradeStep
from services.ingest.acceptance import accept_new, store_report
from tests.support.builders import incident, report
from tests.support.partner_store import principal_of, seed

NOW = datetime.now(UTC)
CUTOFF = NOW - timedelta(days=730)
OLD = NOW - timedelta(days=800)
SAID = "Klotter på porten, Kalle Andersson såg det"


def written(*incidents: Incident, **fields: Any) -> IncidentReport:
    """A report of the partner ``seed`` adds."""
    return report(*incidents, tenant="0180", organisation="bostadsbolaget", source="housing", **fields)


def stored(sql_store: SqlStore, made: IncidentReport) -> IncidentReport:
    with sql_store.session() as session:
        row = session.get(StoredReport, str(made.event_id))
        assert row is not None
        return IncidentReport.model_validate(row.payload)  # still a report its contract reads


@pytest.fixture
def partner(any_sql_store: SqlStore) -> Principal:
    return principal_of(any_sql_store, seed(any_sql_store))


def accept(sql_store: SqlStore, partner: Principal, *reports: IncidentReport) -> None:
    with sql_store.session() as session:
        accept_new(session, partner, list(reports))


def test_descriptions_and_addresses_beside_a_place_are_forgotten_once_of_age(
    any_sql_store: SqlStore, partner: Principal
) -> None:
    placed = written(incident(description=SAID, address="Storgatan 1", point=(59.33, 18.06)), occurred=OLD)
    addressed = written(incident(description=SAID, address="Storgatan 1", area_id=None), occurred=OLD)
    recent = written(incident(description=SAID, address="Storgatan 1"), occurred=NOW - timedelta(days=3))
    accept(any_sql_store, partner, placed, addressed, recent)
    assert forget_every_free_text(any_sql_store, CUTOFF) == 2
    [kept] = stored(any_sql_store, placed).incidents
    assert (kept.description, kept.location.address) == (None, None)
    assert kept.location.point == placed.incidents[0].location.point
    [kept] = stored(any_sql_store, addressed).incidents
    assert (kept.description, kept.location.address) == (None, "Storgatan")  # its only place, as a street
    assert stored(any_sql_store, recent) == recent
    assert forget_every_free_text(any_sql_store, CUTOFF) == 0  # each report is read once


def test_reports_submitted_in_one_transaction_are_forgotten_batch_by_batch(
    any_sql_store: SqlStore, partner: Principal
) -> None:
    many = [written(incident(description=SAID), occurred=OLD) for _ in range(BATCH + 5)]
    accept(any_sql_store, partner, *many)  # one time for all: the ids order them
    assert forget_every_free_text(any_sql_store, CUTOFF) == BATCH + 5
    assert {stored(any_sql_store, r).incidents[0].description for r in (many[0], many[-1])} == {None}


def test_a_correction_submitted_later_keeps_its_text_for_the_days_from_then(
    any_sql_store: SqlStore, partner: Principal
) -> None:
    first = written(incident(description=SAID), occurred=OLD)
    accept(any_sql_store, partner, first)
    forget_every_free_text(any_sql_store, CUTOFF)
    corrected = written(incident(description="Rättat: klotter på porten"), report_id=first.event_id,
                       version=2, occurred=NOW)  # fmt: skip
    with any_sql_store.session() as session:
        store_report(session, partner, corrected)
    forget_every_free_text(any_sql_store, CUTOFF)
    assert stored(any_sql_store, first).incidents[0].description == "Rättat: klotter på porten"


def test_a_draft_left_as_long_is_deleted_and_a_recent_one_kept(
    any_sql_store: SqlStore, partner: Principal
) -> None:
    with any_sql_store.session() as session:
        organisation = session.scalars(select(Organisation)).one()
        left, working = (add_user(session, organisation, f"{who}@bostad.se", who.title(), "reporter",
                                  "lösenord-som-räcker") for who in ("lena", "ali"))  # fmt: skip
        session.add_all([Draft(user_id=left.id, incidents=[], updated_at=OLD),
                         Draft(user_id=working.id, incidents=[], updated_at=NOW)])  # fmt: skip
    forget_every_free_text(any_sql_store, CUTOFF)
    with any_sql_store.session() as session:
        assert session.scalars(select(Draft.user_id)).all() == [working.id]


@pytest.mark.parametrize(
    ("address", "street"),
    [("Storgatan 12 B, lgh 1102", "Storgatan"), ("Parkeringen vid Storgatan", "Parkeringen vid Storgatan"),
     ("Torget (vid fontänen)", "Torget"), ("E4 vid avfart 160", "E4 vid avfart"), ("12", "[adress]")],
)  # fmt: skip
def test_an_address_that_is_an_incidents_only_place_keeps_its_street_and_loses_its_number(
    address: str, street: str
) -> None:
    assert street_only(address) == street


def test_an_upgrade_forgets_again_what_was_forgotten_before_a_number_was(
    any_sql_store: SqlStore, partner: Principal
) -> None:
    addressed = written(incident(address="Storgatan 12, lgh 1102", area_id=None), occurred=OLD)
    accept(any_sql_store, partner, addressed)
    forget_every_free_text(any_sql_store, CUTOFF)
    with any_sql_store.session() as session:  # as a store forgot before: the whole address kept
        session.get_one(StoredReport, str(addressed.event_id)).payload = addressed.model_dump(mode="json")
        session.execute(delete(UpgradeStep).where(UpgradeStep.name == "forget-house-numbers"))
    assert forget_every_free_text(any_sql_store, CUTOFF) == 0  # read once: the mark is past it
    any_sql_store.migrate()
    assert forget_every_free_text(any_sql_store, CUTOFF) == 1
    assert stored(any_sql_store, addressed).incidents[0].location.address == "Storgatan"
