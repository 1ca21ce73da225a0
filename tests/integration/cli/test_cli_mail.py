"""Who is mailed what, through the CLI: the operator subscribes people, lists them and stops one; an
organisation's own mail needs the organisation."""

from __future__ import annotations

from pathlib import Path

import pytest

from embrace.sqlstore import SqlStore
from embrace.sqlstore.subscriptions import unsubscribe
from tests.support.cli import a_security_firm_of_stockholm, run


def test_someone_is_reminded_when_their_organisation_has_not_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    a_security_firm_of_stockholm(capsys, home)
    asked = ("situation", "subscribe", "--tenant", "0180", "--email", "bo@vakten.se", "--kind", "reminder")
    code, _, err = run(capsys, *asked, *home)
    assert (code, err) == (2, "embrace: the reminder mail is an organisation's: give --org\n")
    code, _, err = run(capsys, *asked, "--org", "vaktbolaget", *home)
    assert (code, err) == (
        2,
        "embrace: no organisation vaktbolaget in tenant 0180; see `embrace orgs list`\n",
    )
    said = "bo@vakten.se subscribes to the reminder mail of vakten in 0180\n"
    assert run(capsys, *asked, "--org", "vakten", *home)[:2] == (0, said)
    code, _, err = run(capsys, *asked, "--org", "vakten", *home)
    assert (code, err) == (2, f"embrace: {said.replace('subscribes', 'already subscribes')}")
    with SqlStore.connect(f"sqlite:///{tmp_path / 'embrace.sqlite3'}").session() as session:
        unsubscribe(session, "0180", "bo@vakten.se", "reminder")  # as the mail's link does
    assert run(capsys, *asked, "--org", "vakten", *home)[:2] == (0, said)  # and back again


def test_the_operator_lists_who_gets_mail_and_stops_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = ("--home", str(tmp_path))
    a_security_firm_of_stockholm(capsys, home)
    for kind in ("weekly", "alerts"):
        run(
            capsys,
            "situation",
            "subscribe",
            "--tenant",
            "0180",
            "--email",
            "Eva@Kommun.se",
            "--kind",
            kind,
            *home,
        )
    listed = ("situation", "subscribers", "--tenant", "0180", *home)
    assert run(capsys, *listed)[:2] == (0, "alerts\teva@kommun.se\t-\tinternal\tsv\tactive\n"
                                           "weekly\teva@kommun.se\t-\tinternal\tsv\tactive\n")  # fmt: skip
    stop = ("situation", "unsubscribe", "--tenant", "0180", "--email", "eva@kommun.se", "--kind", "alerts")
    assert run(capsys, *stop, *home)[:2] == (0, "eva@kommun.se no longer gets the alerts mail of 0180\n")
    assert run(capsys, *stop, *home)[::2] == (2, "embrace: eva@kommun.se does not subscribe to the alerts "
                                                 "mail of 0180\n")  # fmt: skip
    assert run(capsys, *listed)[1] == "weekly\teva@kommun.se\t-\tinternal\tsv\tactive\n"
    assert "alerts\teva@kommun.se\t-\tinternal\tsv\tunsubscribed" in run(capsys, *listed, "--all")[1]
