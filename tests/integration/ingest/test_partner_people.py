"""A municipality's admin closes a person's access and opens it again, and gives a new password to
someone who has lost theirs, shown once; never their own, nor to another municipality's people."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from embrace.sqlstore.tables import User
from tests.support.system import System, form_token, log_in


def user_id(system: System, email: str) -> int:
    with system.sql_store.session() as session:
        return int(session.scalars(select(User.id).where(User.email == email)).one())


def let_in(admin: TestClient, system: System, email: str, allowed: bool) -> int:
    token = form_token(admin.get("/app/partners").text)
    path = f"/app/partners/people/{user_id(system, email)}/access"
    answer = admin.post(
        path, data={"csrf": token, "allowed": "1" if allowed else "0"}, follow_redirects=False
    )
    return answer.status_code


def test_an_admin_closes_a_persons_access_and_opens_it_again(system: System, admin: TestClient) -> None:
    password = system.add_person("0180", "kommunen", "karin@kommun.se")
    karin = TestClient(admin.app, base_url=str(admin.base_url))
    log_in(karin, "karin@kommun.se", password)
    assert let_in(admin, system, "karin@kommun.se", allowed=False) == 303
    assert karin.get("/app/report", follow_redirects=False).status_code == 303  # back to signing in
    assert "avstängd" in admin.get("/app/partners").text
    with pytest.raises(AssertionError):
        log_in(karin, "karin@kommun.se", password)
    assert let_in(admin, system, "karin@kommun.se", allowed=True) == 303
    log_in(karin, "karin@kommun.se", password)


def test_an_admin_cannot_close_their_own_access_nor_touch_another_municipalitys_people(
    system: System, admin: TestClient
) -> None:
    assert let_in(admin, system, "samordnare@kommun.se", allowed=False) == 303  # herself
    assert admin.get("/app/partners").status_code == 200  # still signed in
    system.add_person("0380", "uppsala", "bo@uppsala.se")
    assert let_in(admin, system, "bo@uppsala.se", allowed=False) == 404
    with system.sql_store.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(User).where(User.disabled_at.is_not(None))) == 0
        )


def new_password(admin: TestClient, system: System, email: str) -> tuple[int, str]:
    """The answer's status, and its page or where it leads."""
    token = form_token(admin.get("/app/partners").text)
    path = f"/app/partners/people/{user_id(system, email)}/password"
    answer = admin.post(path, data={"csrf": token}, follow_redirects=False)
    return answer.status_code, answer.headers.get("location", answer.text)


def test_a_person_who_lost_their_password_gets_a_new_one_shown_once_and_is_signed_out(
    system: System, admin: TestClient
) -> None:
    old = system.add_person("0180", "kommunen", "karin@kommun.se")
    karin = TestClient(admin.app, base_url=str(admin.base_url))
    log_in(karin, "karin@kommun.se", old)
    status, page = new_password(admin, system, "karin@kommun.se")
    assert status == 200
    assert "Karin (karin@kommun.se) har fått ett nytt lösenord och är utloggad överallt." in page
    [password] = re.findall(r'<code class="secret">([^<]+)</code>', page)
    assert password not in admin.get("/app/partners").text
    assert karin.get("/app/report", follow_redirects=False).status_code == 303  # back to signing in
    with pytest.raises(AssertionError):
        log_in(karin, "karin@kommun.se", old)
    log_in(karin, "karin@kommun.se", password)


def test_an_admin_changes_their_own_password_knowing_it_and_nobody_elses_municipality(
    system: System, admin: TestClient
) -> None:
    assert new_password(admin, system, "samordnare@kommun.se") == (303, "/app/password")
    system.add_person("0380", "uppsala", "bo@uppsala.se")
    assert new_password(admin, system, "bo@uppsala.se")[0] == 404
    assert admin.get("/app/partners").status_code == 200  # still signed in
