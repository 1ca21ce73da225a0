"""The readers of a ClickHouse server, as rendered: a tenant's reader is read-only, sees the dashboards'
tables only through its own row policy, and everyone else sees every row (a table with any policy shows
nothing to a user without one)."""

from __future__ import annotations

import hashlib

import pytest

from embrace.warehouse.readers import (
    TENANT_ROLE,
    access_statements,
    readable_tables,
    reader_password,
    reader_user,
)

SECRET = "s3cret"


def test_the_readable_tables_are_the_tenant_tables_without_bookkeeping() -> None:
    tables = readable_tables("embrace")
    assert {"incidents", "weekly_counts", "alerts", "interventions", "survey_results", "areas"} <= set(tables)
    assert {"dead_letters", "rollup_pending"}.isdisjoint(tables)


def test_each_tenant_reader_sees_its_own_rows_of_every_readable_table() -> None:
    statements = access_statements("embrace", ["1280", "0180"], SECRET)
    tables = readable_tables("embrace")
    for tenant in ("0180", "1280"):
        user = reader_user(tenant)
        policies = [s for s in statements if s.startswith(f"CREATE ROW POLICY OR REPLACE {user} ")]
        assert policies == [f"CREATE ROW POLICY OR REPLACE {user} ON embrace.{t} FOR SELECT USING tenant = "
                            f"'{tenant}' TO {user}" for t in tables]  # fmt: skip
        assert f"GRANT {TENANT_ROLE} TO {user}" in statements
    everyone = [s for s in statements if " embrace_every_tenant " in s]
    assert len(everyone) == len(tables)
    assert all(s.endswith(f"USING 1 TO ALL EXCEPT {TENANT_ROLE}") for s in everyone)
    assert not any("GRANT SELECT ON embrace.dead_letters" in s for s in statements)


def test_passwords_are_derived_from_the_secret_and_only_their_hashes_are_rendered() -> None:
    user = reader_user("0180")
    password = reader_password(SECRET, user)
    assert password == reader_password(SECRET, user) != reader_password("other", user)
    [created] = [
        s
        for s in access_statements("embrace", ["0180"], SECRET)
        if s.startswith(f"CREATE USER OR REPLACE {user} ")
    ]
    assert hashlib.sha256(password.encode()).hexdigest() in created
    assert password not in created
    assert created.endswith("SETTINGS readonly = 2")


def test_a_tenant_that_is_not_a_municipality_code_is_refused() -> None:
    with pytest.raises(ValueError, match="'0180; DROP' is not a municipality code"):
        access_statements("embrace", ["0180; DROP"], SECRET)
