"""Signing in to the web app and out of it: the login form, its cookie, its CSRF token."""

from __future__ import annotations

from tests.support.system import System, form_token, log_in

EMAIL = "anna@kommun.se"


def test_pages_need_a_login(system: System) -> None:
    answer = system.client.get("/app/report", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/app/login?next=/app/report")


def test_a_session_cookie_is_http_only_same_site_and_secure(system: System) -> None:
    password = system.add_person("0180", "kommunen", EMAIL)
    system.client.get("/app/login")
    answer = system.client.post(
        "/app/login",
        data={"email": EMAIL, "password": password, "csrf": system.client.cookies["embrace_login_csrf"]},
        follow_redirects=False,
    )
    cookie = answer.headers["set-cookie"].lower()
    assert "embrace_session=" in cookie
    assert "httponly" in cookie
    assert "samesite=lax" in cookie
    assert "secure" in cookie


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(system: System) -> None:
    system.add_person("0180", "kommunen", EMAIL)
    system.client.get("/app/login")
    token = system.client.cookies["embrace_login_csrf"]
    for email in (EMAIL, "nobody@kommun.se"):
        answer = system.client.post(
            "/app/login", data={"email": email, "password": "wrong-password", "csrf": token}
        )
        assert answer.status_code == 401
        assert "Fel e-post eller lösenord." in answer.text


def test_a_login_without_its_csrf_token_is_refused(system: System) -> None:
    password = system.add_person("0180", "kommunen", EMAIL)
    answer = system.client.post("/app/login", data={"email": EMAIL, "password": password, "csrf": "forged"})
    assert answer.status_code == 403
    assert "embrace_session" not in system.client.cookies


def test_logging_out_ends_the_session(system: System) -> None:
    log_in(system.client, EMAIL, system.add_person("0180", "kommunen", EMAIL))
    token = form_token(system.client.get("/app/report").text)
    system.client.post("/app/logout", data={"csrf": token})
    assert system.client.get("/app/report", follow_redirects=False).status_code == 303
