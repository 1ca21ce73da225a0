"""Settings, read once at start-up from ``EMBRACE_*`` environment variables.

Nothing here connects to anything; the composition root passes a :class:`Settings` to what it builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from embrace.bus.kafka_connection import KafkaConnection, derived_password
from embrace.errors import ConfigurationError
from embrace.setting_values import (
    CLICKHOUSE_FORMS,
    DATABASE_FORMS,
    KAFKA_FORMS,
    AlertThresholds,
    ClickHouseDsn,
    DatabaseUrl,
    KafkaServers,
    ReportTime,
    Zone,
)
from embrace.weeks import SWEDEN, keep_weeks_in

FREE_TEXT_DAYS = 730  # two years


class Settings(BaseSettings):
    """Every setting the platform reads. Environment variable = ``EMBRACE_`` + upper-case name."""

    model_config = SettingsConfigDict(env_prefix="EMBRACE_", extra="ignore", frozen=True)

    home: Path = Field(Path("var"), description="Directory for embedded stores and local state.")
    clickhouse_dsn: ClickHouseDsn = Field(
        "", description=f"Warehouse DSN: {CLICKHOUSE_FORMS}. Empty: <home>/clickhouse."
    )
    clickhouse_database: str = Field("embrace", pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
    clickhouse_cluster: str | None = Field(
        None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]{0,63}$",
        description="A ClickHouse cluster's name: the schema is applied in its cluster form (replicated "
        "tables, Distributed tables over them, ON CLUSTER). Empty: one server.",
    )
    database_url: DatabaseUrl = Field(
        "", description=f"SQL store URL: {DATABASE_FORMS}. Empty: SQLite in <home>."
    )
    kafka_bootstrap: KafkaServers = Field("", description=f"Kafka bootstrap servers: {KAFKA_FORMS}.")
    kafka_username: str = Field(
        "", description="This service's SASL/SCRAM-SHA-512 principal on Kafka; empty: no authentication."
    )
    kafka_password: str = Field("", description="The password of kafka_username.")
    kafka_ca_file: str = Field("", description="CA certificate of the brokers' TLS; empty: no TLS.")
    kafka_secret: str = Field(
        "", description="Secret the services' Kafka passwords are derived from (`embrace kafka principals`)."
    )
    kafka_replication: int = Field(
        0,
        ge=0,
        description="Replicas of each topic the platform creates; 0: what the cluster holds, up to "
        "3 (a write then needs 2 in sync).",
    )
    topic_namespace: str = Field(
        "", pattern=r"^[a-z0-9._-]*$", description="Prefix of topic names and consumer groups on Kafka."
    )
    data_dir: Path = Field(
        Path("../shared/data"), description="Reference data (police snapshots, boundaries)."
    )
    taxonomy_extra: Path | None = Field(None, description="CSV of extra taxonomy categories to merge in.")
    timezone: Zone = Field(
        SWEDEN,
        description="Zone of local dates, weeks and hours: a week ends at Sunday's midnight here.",
    )
    language: Literal["sv", "en"] = Field("sv", description="Default language of pages, errors and reports.")
    max_incident_age_days: int = Field(400, ge=1, description="Incidents older than this are refused.")
    max_clock_skew_seconds: int = Field(300, ge=0, description="How far in the future a time may lie.")
    http_host: str = "127.0.0.1"
    http_port: int = Field(8000, ge=0, le=65535)
    metrics_port: int = Field(0, ge=0, le=65535, description="Prometheus port of a worker (0: none).")
    max_body_bytes: int = Field(1_048_576, ge=1024, description="Largest request body (413 beyond).")
    max_in_flight: int = Field(
        16, ge=1, description="HTTP requests a process answers at once; past it, 503 and Retry-After at once."
    )
    max_queued: int = Field(
        32, ge=1, description="Connections waiting for a process to take them (its accept queue, on Linux) "
        "past which requests are shed as past max_in_flight.",
    )  # fmt: skip
    max_batch_body_bytes: int = Field(33_554_432, ge=1024, description="Largest batch or GeoJSON upload.")
    rate_limit_per_minute: int = Field(600, ge=1, description="Requests a minute per API key or person.")
    rate_limit_burst: int = Field(120, ge=1, description="Requests allowed at once above the rate.")
    cookie_secure: bool | None = Field(
        None, description="Secure flag of the session cookie; default: on, except over http to this machine."
    )
    map_script_url: str = Field("", description="URL of Leaflet's script; empty: forms without a map.")
    map_stylesheet_url: str = Field("", description="URL of Leaflet's stylesheet.")
    map_tiles_url: str = Field(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png", description="Map tile URL template."
    )
    map_assets_dir: Path | None = Field(
        None, description="A local folder served at /static/map/, e.g. leaflet/dist."
    )
    police_events_url: str = Field("https://polisen.se/api/events", description="The police events API.")
    police_user_agent: str = Field(
        "", description="User-Agent naming this deployment to the police API (it refuses requests without)."
    )
    geocoder_url: str = Field(
        "",
        description="A Nominatim-compatible geocoder (its /search API); empty: text is resolved by the "
        "gazetteer and area names only.",
    )
    geocoder_user_agent: str = Field(
        "EMBRACE platform",
        description="User-Agent naming this deployment to the geocoder, as Nominatim asks.",
    )
    relay_interval_seconds: float = Field(0.2, gt=0, description="Outbox poll interval when idle.")
    free_text_days: int = Field(
        FREE_TEXT_DAYS,
        gt=0,
        description="Days what people wrote (descriptions, addresses, the bytes of a dead letter) is kept "
        "after the report was last submitted or the letter made, in the warehouse and the SQL store; the "
        "counts, places and letters stay.",
    )
    alert_thresholds: AlertThresholds = Field(
        AlertThresholds(), description='Spike alert thresholds as JSON, e.g. {"z": 3, "minimum": 5}.'
    )
    tenant_alert_thresholds: dict[str, AlertThresholds] = Field(
        {},
        description='Thresholds of the tenants that set their own, as JSON: {"1280": {"z": 3.5, "minimum": '
        "8}}. A field left out keeps its default.",
    )
    reader_secret: str = Field(
        "",
        description="Secret the ClickHouse readers' passwords are derived from (warehouse access, Grafana).",
    )
    regional_reader_password: str = Field(
        "", description="Password of the regional ClickHouse reader (empty: derived from the reader secret)."
    )
    grafana_url: str = Field(
        "", description="Grafana's URL for `embrace grafana sync`, e.g. http://grafana:3000."
    )
    grafana_user: str = Field("admin", description="A Grafana server admin, for `embrace grafana sync`.")
    grafana_password: str = Field("", description="That admin's password.")
    grafana_clickhouse_url: str = Field(
        "http://clickhouse:8123", description="ClickHouse's HTTP address as Grafana reaches it."
    )
    tenant_report_times: dict[str, ReportTime] = Field(
        {},
        description='Report times of tenants that want their own: {"1280": {"weekday": 1, "hour": 7}}.',
    )
    smtp_url: str = Field(
        "",
        description="Mail server for reports: smtp://[user:pass@]host:port (STARTTLS when offered) or "
        "smtps://...; empty: reports are archived, not mailed.",
    )
    mail_from: str = Field("EMBRACE <lagesbild@embrace.invalid>", description="Sender of report mail.")
    public_url: str = Field(
        "", description="The web app's address, for links in mail, e.g. https://embrace.example."
    )
    stall_seconds: float = Field(
        120.0, gt=0, description="Readiness fails when a record has waited this long to be published or sunk."
    )

    @field_validator("clickhouse_cluster", mode="before")
    @classmethod
    def _empty_is_one_server(cls, value: str | None) -> str | None:
        return value or None  # docker-compose passes an unset variable on as empty

    @property
    def warehouse_dsn(self) -> str:
        return self.clickhouse_dsn or f"chdb://{(self.home / 'clickhouse').resolve()}"

    @property
    def sql_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'embrace.sqlite3').resolve()}"

    @property
    def kafka(self) -> KafkaConnection:
        """This service's way onto Kafka; without a password given, the one derived from the secret."""
        password = self.kafka_password
        if not password and self.kafka_username and self.kafka_secret:
            password = derived_password(self.kafka_secret, self.kafka_username)
        return KafkaConnection(self.kafka_bootstrap, self.kafka_username, password, self.kafka_ca_file)

    @property
    def uses_kafka(self) -> bool:
        return bool(self.kafka_bootstrap)


def load_settings(**overrides: Any) -> Settings:
    """Build settings from the environment plus explicit overrides (CLI flags win), and keep the
    platform's weeks in their zone.

    Invalid values become one :class:`ConfigurationError` naming each setting and its accepted form.
    """
    try:
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        lines = [
            f"EMBRACE_{'_'.join(map(str, e['loc'])).upper()}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors()
        ]
        raise ConfigurationError("invalid settings: " + "; ".join(lines)) from None
    keep_weeks_in(settings.timezone)
    return settings
