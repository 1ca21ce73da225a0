"""Administration through the CLI: tenants, organisations and API keys."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from embrace.sqlstore import SqlStore
from embrace.sqlstore.accounts import check_password, open_session, person
from embrace.sqlstore.credentials import authenticate_api_key
from embrace.sqlstore.outbox import next_batch
from embrace.sqlstore.report_tables import Subscription, TaskNotice
from embrace.sqlstore.subscriptions import subscribe, subscription_of
from embrace.sqlstore.tables import Draft, User, WebSession
from services.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


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


def a_security_firm_of_stockholm(capsys: pytest.CaptureFixture[str], home: tuple[str, str]) -> None:
    run(capsys, "tenants", "add", "0180", "Stockholm", *home)
    organisation = ("--tenant", "0180", "--id", "vakten", "--name", "Vakten", "--kind", "security")
    run(capsys, "orgs", "add", *organisation, *home)


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


def bo_of_the_security_firm(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, home: tuple[str, str]
) -> SqlStore:
    """Bo signs in for the security firm with 'ett långt lösenord'; the store they are kept in."""
    a_security_firm_of_stockholm(capsys, home)
    monkeypatch.setattr("sys.stdin", io.StringIO("ett långt lösenord\n"))
    assert (
        run(capsys, "users", "add", "--org", "vakten", "--email", "bo@vakten.se", "--name", "Bo", *home)[0]
        == 0
    )
    return SqlStore.connect(f"sqlite:///{Path(home[1]) / 'embrace.sqlite3'}")


def test_a_persons_access_is_closed_and_opened_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = ("--home", str(tmp_path))
    sql_store = bo_of_the_security_firm(capsys, monkeypatch, home)
    assert (
        run(capsys, "users", "disable", "--email", "Bo@Vakten.se", *home)[1]
        == "bo@vakten.se may no longer sign in\n"
    )
    listed = "0180  bo@vakten.se                     reporter  disabled vakten  Bo\n"
    assert run(capsys, "users", "list", "--tenant", "0180", *home)[1] == listed
    with sql_store.session() as session:
        assert check_password(session, "bo@vakten.se", "ett långt lösenord") is None
    assert run(capsys, "users", "enable", "--email", "bo@vakten.se", *home)[1] == "bo@vakten.se may sign in\n"
    with sql_store.session() as session:
        assert check_password(session, "bo@vakten.se", "ett långt lösenord") is not None
    code, _, err = run(capsys, "users", "disable", "--email", "nobody@vakten.se", *home)
    assert (code, err) == (2, "embrace: nobody has the e-mail address nobody@vakten.se\n")


def test_a_person_who_lost_their_password_is_given_a_new_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = ("--home", str(tmp_path))
    sql_store = bo_of_the_security_firm(capsys, monkeypatch, home)
    monkeypatch.setattr("sys.stdin", io.StringIO("ett nytt långt lösenord\n"))
    said = "bo@vakten.se has a new password; their sessions have ended\n"
    assert run(capsys, "users", "password", "--email", "bo@vakten.se", *home)[:2] == (0, said)
    with sql_store.session() as session:
        assert check_password(session, "bo@vakten.se", "ett långt lösenord") is None
        assert check_password(session, "bo@vakten.se", "ett nytt långt lösenord") is not None
    monkeypatch.setattr("sys.stdin", io.StringIO("kort\n"))
    code, _, err = run(capsys, "users", "password", "--email", "bo@vakten.se", *home)
    assert (code, err) == (2, "embrace: a password needs at least 10 characters\n")


def test_a_person_is_forgotten_with_their_sessions_draft_and_mail_and_a_subscriber_alone_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    home = ("--home", str(tmp_path))
    sql_store = bo_of_the_security_firm(capsys, monkeypatch, home)
    with sql_store.session() as session:
        bo = person(session, "bo@vakten.se")
        open_session(session, bo)
        session.add(Draft(user_id=bo.id, incidents=[]))
        for email, kind in (
            ("bo@vakten.se", "weekly"),
            ("bo@vakten.se", "tasks"),
            ("ann@kommun.se", "weekly"),
        ):
            subscribe(session, "0180", email, kind)
        session.flush()
        told = subscription_of(session, "0180", "bo@vakten.se", "tasks")
        assert told is not None
        session.add(TaskNotice(subscription_id=told.id, task_id="a-task"))  # a task mailed to Bo
    said = "forgot bo@vakten.se: their account, sessions and draft, and 2 mail subscription(s)\n"
    assert run(capsys, "users", "forget", "--email", "Bo@Vakten.se", *home)[:2] == (0, said)
    with sql_store.session() as session:
        left = [
            session.scalar(select(func.count()).select_from(t)) for t in (User, WebSession, Draft, TaskNotice)
        ]
        assert left == [0, 0, 0, 0]
        assert session.scalars(select(Subscription.email)).all() == ["ann@kommun.se"]
    said = "forgot ann@kommun.se: 1 mail subscription(s)\n"
    assert run(capsys, "users", "forget", "--email", "ann@kommun.se", *home)[:2] == (0, said)
    code, _, err = run(capsys, "users", "forget", "--email", "bo@vakten.se", *home)
    assert (code, err) == (
        2,
        "embrace: nobody has the e-mail address bo@vakten.se, as a person or a subscriber\n",
    )
