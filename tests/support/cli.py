"""The command line as a test runs it: in this process, what it printed caught, and the set-up the CLI
tests share."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from embrace.sqlstore import SqlStore
from services.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def a_security_firm_of_stockholm(capsys: pytest.CaptureFixture[str], home: tuple[str, str]) -> None:
    run(capsys, "tenants", "add", "0180", "Stockholm", *home)
    organisation = ("--tenant", "0180", "--id", "vakten", "--name", "Vakten", "--kind", "security")
    run(capsys, "orgs", "add", *organisation, *home)


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
