"""Administration through the CLI: tenants, organisations and API keys."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import authenticate_api_key
from embrace.sqlstore.outbox import next_batch
from tests.support.cli import a_security_firm_of_stockholm, run


def test_an_administrator_sets_up_a_tenant_an_organisation_and_a_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    assert run(capsys, "tenants", "add", "0180", "Stockholms stad", *home)[0] == 0
    code, out, _ = run(
        capsys,
        "orgs",
        "add",
        "--tenant",
        "0180",
        "--id",
        "polisen-city",
        "--name",
        "Lokalpolisområde City",
        "--kind",
        "police",
        *home,
    )
    assert (code, out) == (0, "added organisation polisen-city (police) to tenant 0180\n")
    code, out, _ = run(capsys, "keys", "create", "--org", "polisen-city", "--label", "CAD", *home)
    key = out.splitlines()[0]
    assert code == 0
    assert key.startswith("emb_")
    assert "shown only now" in out
    sql_store = SqlStore.connect(f"sqlite:///{tmp_path / 'embrace.sqlite3'}")
    with sql_store.reading() as connection:
        principal = authenticate_api_key(connection, key)
    assert principal is not None
    assert (principal.tenant, principal.organisation, principal.source) == ("0180", "polisen-city", "police")
    code, out, _ = run(capsys, "keys", "list", "--org", "polisen-city", *home)
    assert key not in out
    assert f"emb_{key.split('_')[1]}_...  active" in out
    assert run(capsys, "keys", "revoke", key.split("_")[1], *home)[0] == 0
    with sql_store.reading() as connection:
        assert authenticate_api_key(connection, key) is None


def test_mistakes_get_one_line_and_a_non_zero_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    code, out, err = run(
        capsys, "orgs", "add", "--tenant", "0180", "--id", "x", "--name", "X", "--kind", "housing", *home
    )
    assert (code, out) == (2, "")
    assert err == "embrace: no tenant 0180; add it first with `embrace tenants add 0180 NAME`\n"
    code, _, err = run(capsys, "tenants", "add", "Stockholm", "Stockholms stad", *home)
    assert (code, err.count("\n")) == (2, 1)
    assert "4-digit municipality code" in err
    code, _, err = run(capsys, "tenants", "add", "0180", "  ", *home)
    assert (code, err) == (2, "embrace: a name must have 1 to 200 characters, not 0\n")


def test_an_organisation_id_found_in_two_tenants_needs_the_tenant(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    for tenant in ("0180", "0380"):
        run(capsys, "tenants", "add", tenant, f"Kommun {tenant}", *home)
        org = ("--tenant", tenant, "--id", "polisen", "--name", "Polisen", "--kind", "police")
        run(capsys, "orgs", "add", *org, *home)
    code, _, err = run(capsys, "keys", "create", "--org", "polisen", *home)
    assert (code, err) == (2, "embrace: organisation polisen exists in tenants 0180, 0380; pass --tenant\n")
    assert run(capsys, "keys", "create", "--org", "polisen", "--tenant", "0380", *home)[0] == 0


def test_a_tenant_or_an_organisation_is_renamed_and_published_by_its_new_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    a_security_firm_of_stockholm(capsys, home)
    assert run(capsys, "tenants", "rename", "0180", "Stockholms stad", *home)[:2] == (
        0, "tenant 0180 is now 'Stockholms stad'\n",
    )  # fmt: skip
    assert (
        run(capsys, "orgs", "rename", "--tenant", "0180", "--id", "vakten", "--name", "Vakten AB", *home)[0]
        == 0
    )
    assert (
        run(capsys, "orgs", "list", *home)[1]
        == "0180  vakten                       security      Vakten AB\n"
    )
    sql_store = SqlStore.connect(f"sqlite:///{tmp_path / 'embrace.sqlite3'}")
    with sql_store.session() as session:
        published = [json.loads(m.value)["name"] for m in next_batch(session, 10)]
    assert published == ["Stockholm", "Vakten", "Stockholms stad", "Vakten AB"]
    queued = "queued the names of 2 tenants and organisations; the relay puts them on the bus\n"
    assert run(capsys, "tenants", "publish", *home)[:2] == (0, queued)
    code, _, err = run(capsys, "orgs", "rename", "--tenant", "0180", "--id", "nobody", "--name", "X", *home)
    assert (code, err.strip()) == (
        2,
        "embrace: no organisation nobody in tenant 0180; see `embrace orgs list`",
    )
