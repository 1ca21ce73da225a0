"""What the tests of the reports API share: a reporting partner's key."""

from __future__ import annotations

import pytest

from tests.support.system import System


@pytest.fixture
def key(system: System) -> str:
    return system.add_partner("0180", "stadsdelen")
