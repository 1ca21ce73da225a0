"""What the geocoder's tests share: a local Nominatim and Sweden's real boundaries."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from embrace.geo.boundaries import Boundaries
from tests.support.geo import real_boundaries
from tests.support.nominatim import serving


@pytest.fixture
def server() -> Iterator[str]:
    with serving() as address:
        yield address


@pytest.fixture(scope="module")
def boundaries(data_dir: Path) -> Boundaries:
    return real_boundaries(data_dir)
