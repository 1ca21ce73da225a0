"""What the tests of ingest share: a reporting partner's key, and a municipality's admin signed in to
the web app."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.system import System, log_in

ADMIN = "samordnare@kommun.se"


@pytest.fixture
def key(system: System) -> str:
    return system.add_partner("0180", "stadsdelen")


@pytest.fixture
def admin(system: System) -> TestClient:
    """The web app as Stockholm's admin sees it, signed in."""
    password = system.add_person("0180", "kommunen", ADMIN, role="admin")
    log_in(system.client, ADMIN, password)
    return system.client
