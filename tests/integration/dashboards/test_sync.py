"""`embrace grafana sync` against a local server that answers as Grafana's HTTP API is documented: an
organisation per tenant, a data source logging in as that tenant's reader, the dashboards; idempotent;
``--dry-run`` changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from embrace.warehouse.readers import reader_password
from services.cli.main import main
from services.dashboards.sync import TENANT_BOARDS
from tests.support.fake_grafana import ADMIN, State, fake_grafana

SECRET = "reader-secret-for-tests"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EMBRACE_HOME", str(tmp_path))
    monkeypatch.setenv("EMBRACE_READER_SECRET", SECRET)
    monkeypatch.setenv("EMBRACE_GRAFANA_USER", ADMIN[0])
    monkeypatch.setenv("EMBRACE_GRAFANA_PASSWORD", ADMIN[1])
    for code, name in (("0180", "Stockholm"), ("1280", "Malmö")):
        assert main(["tenants", "add", code, name]) == 0
    return tmp_path


def sync(url: str, monkeypatch: pytest.MonkeyPatch, *flags: str) -> int:
    monkeypatch.setenv("EMBRACE_GRAFANA_URL", url)
    return main(["grafana", "sync", *flags])


def test_each_tenant_gets_an_organisation_reading_as_its_own_reader(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_grafana() as (url, state):
        assert sync(url, monkeypatch) == 0
        assert sorted(state.orgs.values()) == ["EMBRACE 0180 Stockholm", "EMBRACE 1280 Malmö", "Main Org."]
        org = {name: number for number, name in state.orgs.items()}["EMBRACE 1280 Malmö"]
        source = state.datasources[(org, "embrace-clickhouse")]
        assert source["jsonData"]["username"] == "embrace_t_1280"
        assert source["secureJsonData"]["password"] == reader_password(SECRET, "embrace_t_1280")
        assert sorted(uid for o, uid in state.dashboards if o == org) == sorted(
            f"embrace-{b}" for b in TENANT_BOARDS
        )
        writes = len(state.writes)
        capsys.readouterr()
        assert sync(url, monkeypatch) == 0  # again: nothing differs, nothing is written
        assert len(state.writes) == writes
        assert capsys.readouterr().out.strip().endswith("0 changes; nothing else differs")


def test_a_dry_run_prints_the_plan_and_writes_nothing(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_grafana() as (url, state):
        assert sync(url, monkeypatch, "--dry-run") == 0
        assert state.writes == []
        assert capsys.readouterr().out.splitlines() == [
            "would create organisation 'EMBRACE 0180 Stockholm'",
            "would create organisation 'EMBRACE 1280 Malmö'",
            "2 changes planned; nothing else differs",
        ]


def test_a_changed_data_source_and_dashboard_are_put_right(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with fake_grafana(State()) as (url, state):
        sync(url, monkeypatch)
        org = {name: number for number, name in state.orgs.items()}["EMBRACE 0180 Stockholm"]
        state.datasources[(org, "embrace-clickhouse")]["jsonData"]["username"] = "someone_else"
        state.dashboards[(org, "embrace-tider")]["title"] = "Changed by hand"
        capsys.readouterr()
        assert sync(url, monkeypatch, "--dry-run") == 0
        assert capsys.readouterr().out.splitlines()[:2] == [
            "would EMBRACE 0180 Stockholm: update data source embrace-clickhouse",
            "would EMBRACE 0180 Stockholm: update dashboard 'Tider'",
        ]
        assert sync(url, monkeypatch) == 0
        assert state.datasources[(org, "embrace-clickhouse")]["jsonData"]["username"] == "embrace_t_0180"
        assert state.dashboards[(org, "embrace-tider")]["title"] == "Tider"


def test_a_missing_setting_is_named(home: Path, monkeypatch: pytest.MonkeyPatch,
                                    capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    monkeypatch.delenv("EMBRACE_READER_SECRET")
    assert sync("http://127.0.0.1:9", monkeypatch) == 2
    assert "EMBRACE_READER_SECRET is not set" in capsys.readouterr().err
