from __future__ import annotations

from pathlib import Path

import pytest

from embrace.errors import ConfigurationError
from embrace.settings import load_settings


def test_defaults_put_the_embedded_stores_under_home(tmp_path: Path) -> None:
    settings = load_settings(home=tmp_path)
    assert settings.warehouse_dsn == f"chdb://{tmp_path.resolve() / 'clickhouse'}"
    assert settings.sql_url == f"sqlite:///{tmp_path.resolve() / 'embrace.sqlite3'}"
    assert not settings.uses_kafka


def test_settings_come_from_the_environment_and_flags_win(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBRACE_HTTP_PORT", "9100")
    monkeypatch.setenv("EMBRACE_KAFKA_BOOTSTRAP", "127.0.0.1:9092")
    assert load_settings().http_port == 9100
    assert load_settings(http_port=9200).http_port == 9200
    assert load_settings().uses_kafka


def test_an_unknown_clickhouse_scheme_names_the_setting_and_the_accepted_forms() -> None:
    with pytest.raises(ConfigurationError) as raised:
        load_settings(clickhouse_dsn="mysql://db")
    message = str(raised.value)
    assert "EMBRACE_CLICKHOUSE_DSN" in message
    assert "chdb:///path" in message
    assert "http(s)://" in message


def test_an_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="EMBRACE_DATABASE_URL: unknown scheme 'mysql'"):
        load_settings(database_url="mysql://db")


def test_a_bootstrap_server_without_a_port_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="EMBRACE_KAFKA_BOOTSTRAP: 'broker' is not host:port"):
        load_settings(kafka_bootstrap="broker")


def test_every_bad_setting_is_reported_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBRACE_HTTP_PORT", "eighty")
    with pytest.raises(ConfigurationError) as raised:
        load_settings(language="fi")
    assert "EMBRACE_HTTP_PORT" in str(raised.value)
    assert "EMBRACE_LANGUAGE" in str(raised.value)


def test_alert_thresholds_come_as_json_per_tenant_and_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBRACE_ALERT_THRESHOLDS", '{"minimum": 4}')
    monkeypatch.setenv("EMBRACE_TENANT_ALERT_THRESHOLDS", '{"1280": {"z": 3.5, "minimum": 8}}')
    settings = load_settings()
    assert (settings.alert_thresholds.z, settings.alert_thresholds.minimum) == (3.0, 4)
    assert settings.tenant_alert_thresholds["1280"].z == 3.5
    monkeypatch.setenv("EMBRACE_TENANT_ALERT_THRESHOLDS", '{"1280": {"minimum": 0}}')
    with pytest.raises(ConfigurationError, match="EMBRACE_TENANT_ALERT_THRESHOLDS_1280_MINIMUM"):
        load_settings()


def test_a_tenant_can_have_its_reports_at_another_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMBRACE_TENANT_REPORT_TIMES", '{"1280": {"weekday": 1, "hour": 7}}')
    chosen = load_settings().tenant_report_times["1280"]
    assert (chosen.weekday, chosen.hour) == (1, 7)
    monkeypatch.setenv("EMBRACE_TENANT_REPORT_TIMES", '{"1280": {"hour": 25}}')
    with pytest.raises(ConfigurationError, match="EMBRACE_TENANT_REPORT_TIMES_1280_HOUR"):
        load_settings()


def test_an_unknown_time_zone_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="EMBRACE_TIMEZONE: unknown time zone 'Europe/Stokholm'"):
        load_settings(timezone="Europe/Stokholm")
