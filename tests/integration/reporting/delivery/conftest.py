"""A real SMTP server on loopback for the delivery tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.mail import Inbox, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[str, Inbox]]:
    with smtp_server() as running:
        yield running
