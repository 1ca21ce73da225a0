"""The kinds of value a setting takes, each checked as it is read: a time zone, a warehouse DSN, an SQL
store URL, Kafka's servers, spike-alert thresholds and a report time. A wrong value is named with the form
it should take."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

CLICKHOUSE_FORMS = "chdb:///path/to/store or http(s)://user:pass@host:8123/database"
DATABASE_FORMS = "sqlite:///path/to/file.sqlite3 or postgresql+psycopg://user:pass@host:5432/db"
KAFKA_FORMS = "host:port[,host:port...] (empty for the in-process bus)"


def _known_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r}; use one like Europe/Stockholm") from None
    return value


def _known_clickhouse_scheme(value: str) -> str:
    if value and urlsplit(value).scheme not in ("chdb", "http", "https"):
        raise ValueError(f"unknown scheme {urlsplit(value).scheme!r}; use {CLICKHOUSE_FORMS}")
    return value


def _known_database_scheme(value: str) -> str:
    scheme = urlsplit(value).scheme.split("+")[0]
    if value and scheme not in ("sqlite", "postgresql"):
        raise ValueError(f"unknown scheme {scheme!r}; use {DATABASE_FORMS}")
    return value


def _host_port_list(value: str) -> str:
    for server in filter(None, value.split(",")):
        host, _, port = server.strip().rpartition(":")
        if not host or not port.isdigit():
            raise ValueError(f"{server!r} is not host:port; use {KAFKA_FORMS}")
    return value


Zone = Annotated[str, AfterValidator(_known_zone)]
ClickHouseDsn = Annotated[str, AfterValidator(_known_clickhouse_scheme)]
DatabaseUrl = Annotated[str, AfterValidator(_known_database_scheme)]
KafkaServers = Annotated[str, AfterValidator(_host_port_list)]


class AlertThresholds(BaseModel):
    """When a week's count is a spike: as rare in ordinary weeks as a normal value beyond ``z``, and at
    least ``minimum`` incidents."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    z: float = Field(3.0, gt=0)
    minimum: int = Field(5, ge=1)


class ReportTime(BaseModel):
    """When a tenant's reports are made: a weekday (0 is Monday) and an hour, local time."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekday: int = Field(0, ge=0, le=6)
    hour: int = Field(6, ge=0, le=23)
