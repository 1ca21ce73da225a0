"""Whatever process serves the web app's pages, a refusal a person's browser asked for is a page of the
app, in the app's language; a program, or a path outside /app, gets the problem document."""

from __future__ import annotations

from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from embrace.http import problem_handlers

BROWSER = {"Accept": "text/html,application/xhtml+xml", "Accept-Language": "en-US"}


def app() -> TestClient:
    made = FastAPI()  # no web app installed: as the reporting service, which serves Lägesbild
    problem_handlers.install(made, CollectorRegistry())

    @made.get("/app/page")
    @made.get("/v1/page")
    def page(n: int = Query(ge=1)) -> int:
        return n

    return TestClient(made)


def test_a_browser_under_app_gets_a_page_in_the_app_s_language() -> None:
    answer = app().get("/app/page", params={"n": 0}, headers=BROWSER)
    assert (answer.status_code, answer.headers["content-type"]) == (422, "text/html; charset=utf-8")
    assert '<html lang="sv">' in answer.text  # the app is Swedish unless a person picks English
    assert "<code>query.n</code>: Minst 1." in answer.text
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]


def test_a_program_or_the_api_gets_the_problem_document() -> None:
    client = app()
    assert client.get("/app/page", params={"n": 0}).headers["content-type"] == "application/problem+json"
    api = client.get("/v1/page", params={"n": 0}, headers=BROWSER)
    assert api.headers["content-type"] == "application/problem+json"


def test_no_such_page_or_method_is_said_in_the_reader_s_language_not_starlette_s_english() -> None:
    client = app()
    page = client.get("/app/nowhere", headers=BROWSER)
    assert page.status_code == 404
    assert "<h1>Hittades inte</h1>" in page.text
    assert "Det finns ingenting på den här adressen." in page.text
    assert "Not Found" not in page.text
    english = client.get("/v1/nowhere", headers={"Accept-Language": "en"}).json()
    assert english["detail"] == "There is nothing at this address."
    posted = client.post("/v1/page", headers={"Accept-Language": "sv"})
    assert (posted.status_code, posted.headers["allow"]) == (405, "GET")
    assert posted.json()["detail"].startswith("Adressen svarar inte på den metoden")
