"""`embrace warehouse access` prints the readers of the SQL store's tenants; applying needs a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.cli.main import main


def test_the_statements_are_printed_and_applying_to_an_embedded_store_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("EMBRACE_HOME", str(tmp_path))
    assert main(["warehouse", "access"]) == 2
    assert "EMBRACE_READER_SECRET is not set" in capsys.readouterr().err
    monkeypatch.setenv("EMBRACE_READER_SECRET", "s3cret")
    assert main(["tenants", "add", "0180", "Stockholm"]) == 0
    capsys.readouterr()
    assert main(["warehouse", "access"]) == 0
    printed = capsys.readouterr().out
    assert "CREATE USER OR REPLACE embrace_t_0180 IDENTIFIED WITH sha256_hash BY" in printed
    assert "USING tenant = '0180' TO embrace_t_0180;" in printed
    assert main(["warehouse", "access", "--apply"]) == 2
    assert "need a ClickHouse server" in capsys.readouterr().err
