"""The embedded system, as most integration tests use it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from embrace.settings import Settings
from tests.support.system import System, embedded_system


@pytest.fixture
def system(settings: Settings) -> Iterator[System]:
    with embedded_system(settings) as assembled:
        yield assembled
