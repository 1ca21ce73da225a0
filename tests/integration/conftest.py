"""The embedded system, as most integration tests use it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.settings import Settings
from tests.conftest import settings_in
from tests.support.system import System, embedded_system


@pytest.fixture
def system(settings: Settings) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        yield assembled


@pytest.fixture(scope="module")
def module_system(tmp_path_factory: pytest.TempPathFactory, chdb_store: Path) -> Iterator[System]:
    """One embedded system for a module whose tests read what it seeded once."""
    with embedded_system(settings_in(tmp_path_factory.mktemp("system"), chdb_store)) as assembled:
        yield assembled
