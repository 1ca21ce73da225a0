"""What a tenant calls its codes, read from the SQL store: its name, its areas' and organisations'."""

from __future__ import annotations

import uuid

from embrace.sqlstore import SqlStore
from embrace.sqlstore.place_tables import StoredArea
from embrace.sqlstore.registry import add_organisation, add_tenant, names_of
from tests.support.payloads import SQUARE


def test_a_tenant_s_names_and_a_region_s_which_tell_two_centres_apart(sql_store: SqlStore) -> None:
    with sql_store.session() as session:
        for code, town in (("0180", "Stockholm"), ("1480", "Göteborg")):
            add_tenant(session, code, town)
            add_organisation(session, code, "kommunen", f"{town}s stad", "municipality")
            square = {"type": "Polygon", "coordinates": [SQUARE]}
            session.add(StoredArea(id=str(uuid.uuid4()), tenant=code, area_id="centrum", name="Centrum",
                                   kind="neighbourhood", geometry=square))  # fmt: skip
    with sql_store.session() as session:
        stockholm, region = names_of(session, "0180"), names_of(session, None)
    assert (stockholm.tenant, dict(stockholm.areas), dict(stockholm.organisations)) == (
        "Stockholm",
        {"centrum": "Centrum"},
        {"kommunen": "Stockholms stad"},
    )
    assert dict(region.areas) == {"0180/centrum": "Centrum, Stockholm", "1480/centrum": "Centrum, Göteborg"}
    assert region.organisations["1480/kommunen"] == "Göteborgs stad, Göteborg"
    assert dict(region.tenants) == {"0180": "Stockholm", "1480": "Göteborg"}
