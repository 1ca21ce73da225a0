"""A person changes their own password in the web app: the current one first, the new one twice; their
other sessions end, and the old password no longer signs in."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.support.system import System, form_token, log_in

EMAIL, NEW = "anna@kommun.se", "ett nytt och långt lösenord"


def change(client: TestClient, current: str, new: str, again: str) -> tuple[int, str]:
    token = form_token(client.get("/app/password").text)
    answer = client.post(
        "/app/password", data={"csrf": token, "current": current, "new": new, "again": again}
    )
    return answer.status_code, answer.text


def elsewhere(client: TestClient) -> TestClient:
    return TestClient(client.app, base_url=str(client.base_url))


@pytest.mark.parametrize(
    ("current", "new", "again", "field", "said"),
    [
        ("fel lösenord", NEW, NEW, "current", "Det är inte ditt nuvarande lösenord."),
        (None, "kort", "kort", "new", "Det nya lösenordet behöver minst 10 tecken."),
        (None, NEW, NEW + "!", "again", "De två nya lösenorden är olika."),
    ],
)
def test_a_wrong_current_password_or_a_poor_new_one_changes_nothing(
    system: System, current: str | None, new: str, again: str, field: str, said: str
) -> None:
    password = system.add_person("0180", "kommunen", EMAIL)
    log_in(system.client, EMAIL, password)
    status, page = change(system.client, current or password, new, again)
    assert status == 422
    assert re.search(rf'<p class="field-error" id="{field}-error">{re.escape(said)}</p>', page), page
    assert page.count('class="field-error"') == 1  # only what is wrong is marked
    log_in(elsewhere(system.client), EMAIL, password)  # the old password still signs in


def test_a_changed_password_signs_in_and_ends_the_persons_other_sessions(system: System) -> None:
    password = system.add_person("0180", "kommunen", EMAIL)
    here, there = system.client, elsewhere(system.client)
    log_in(here, EMAIL, password)
    log_in(there, EMAIL, password)
    status, page = change(here, password, NEW, NEW)
    assert status == 200
    assert "Lösenordet är bytt. Du är utloggad överallt utom här." in page
    assert here.get("/app/report", follow_redirects=False).status_code == 200
    assert there.get("/app/report", follow_redirects=False).status_code == 303  # to signing in again
    with pytest.raises(AssertionError):
        log_in(elsewhere(here), EMAIL, password)
    log_in(elsewhere(here), EMAIL, NEW)
