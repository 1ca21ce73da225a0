"""The dashboards' tests share one seeded system per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.integration.dashboards.seed import seeded_system
from tests.support.system import System


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory, chdb_store: Path) -> Iterator[System]:
    with seeded_system(tmp_path_factory.mktemp("dashboards"), chdb_store) as system:
        yield system
