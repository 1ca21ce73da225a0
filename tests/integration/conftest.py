"""The embedded system, as most integration tests use it."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.settings import Settings, load_settings
from tests.conftest import settings_in
from tests.support.system import System, embedded_system


@pytest.fixture
def system(settings: Settings) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        yield assembled


@pytest.fixture
def on_postgres(tmp_path: Path, chdb_store: Path, postgres_url: str) -> Iterator[System]:
    """The embedded system with its SQL store on PostgreSQL, as a regional instance runs it."""
    settings = load_settings(
        home=tmp_path, database_url=postgres_url, clickhouse_dsn=f"chdb://{chdb_store}",
        clickhouse_database=f"t_{uuid.uuid4().hex[:12]}",
    )  # fmt: skip
    with embedded_system(settings) as assembled:
        yield assembled


@pytest.fixture(scope="module")
def module_system(tmp_path_factory: pytest.TempPathFactory, chdb_store: Path) -> Iterator[System]:
    """One embedded system for a module whose tests read what it seeded once."""
    with embedded_system(settings_in(tmp_path_factory.mktemp("system"), chdb_store)) as assembled:
        yield assembled
