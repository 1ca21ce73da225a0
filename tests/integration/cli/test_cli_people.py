"""People through the CLI: access closed and opened, a new password, a person forgotten."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from embrace.sqlstore.accounts import check_password, open_session, person
from embrace.sqlstore.report_tables import Subscription, TaskNotice
from embrace.sqlstore.subscriptions import subscribe, subscription_of
from embrace.sqlstore.tables import Draft, User, WebSession
from tests.support.cli import bo_of_the_security_firm, run


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
