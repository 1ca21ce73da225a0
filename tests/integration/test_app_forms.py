"""No form of the web app answers bad input with a server error: every form, sent with each of its
fields wrong in turn (too long, or a week that does not exist), answers a page or a problem, never a
500. Found this way: the weekly meeting's, a task's and a problem's forms failed on such input."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.routing import APIRoute

from services.ingest.web.install import PAGES
from services.reporting.quarterly.quarters import last_quarter
from services.reporting.routes import ROUTERS
from tests.support.payloads import area, weeks_ago
from tests.support.system import System, auth, form_token, log_in

NONE = "00000000-0000-4000-8000-000000000000"  # an id that names nothing
IN_PATHS = {"slug": "kommunen", "index": "0", "prefix": "abc", "user_id": "1"}  # else an id of nothing
SIGNING = {"/app/login", "/app/logout"}  # sign-in has its own tests; signing out would end the test's session


def forms() -> list[str]:
    """Every form of the web app, from the routers of both services that serve its pages."""
    routes = [r for m in PAGES for r in m.router.routes] + [r for router in ROUTERS for r in router.routes]
    paths = {
        r.path
        for r in routes
        if isinstance(r, APIRoute) and r.path.startswith("/app") and "POST" in (r.methods or ())
    } - SIGNING
    return sorted(re.sub(r"\{(\w+)(:\w+)?\}", lambda m: IN_PATHS.get(m[1], NONE), p) for p in paths)


WEEKS = {"week", "due0", "moved_to", "quarter", "plan_start0", "start", "end", "date"}
FIELDS = [
    "title", "category", "area", "hours", "organisation", "step", "feedback", "decision", "task0",
    "organisation0", "rows", "keep0", "area0", "reason0", "plan_title0", "plan_kind0", "on", "back", "email",
    "name", "role", "label", "slug", "id", "place", "area_id", "lat", "lon", "time", "part", "description",
    "current", "new", "again", "responsible", "note", "status", "kind", "present", "problem", "causes0",
    *sorted(WEEKS),
]  # fmt: skip


def test_every_form_answers_each_wrong_field_without_a_server_error(system: System) -> None:
    key = system.add_partner("0180", "kommunen", role="admin")
    system.client.post("/v1/areas", json=area("centrum"), headers=auth(key))
    log_in(system.client, "eva@kommun.se", system.add_person("0180", "kommunen", "eva@kommun.se", "admin"))
    sound = {"csrf": form_token(system.client.get("/app/report").text), "week": weeks_ago(0).label,
             "quarter": last_quarter(datetime.now(UTC)), "rows": "1", "status": "moved", "kind": "weekly",
             "on": "true", "keep0": "1", "area0": "centrum", "reason0": "x", "task0": "x",
             "organisation0": "kommunen", "plan_title0": "x", "plan_kind0": "safety_walk"}  # fmt: skip
    failed = []
    assert len(forms()) >= 21  # every form of the app, none left out by the way they are found
    for path in forms():
        for field in FIELDS:
            wrong = "2026-W60" if field in WEEKS else "x" * 2100
            answer = system.client.post(path, data={**sound, field: wrong}, follow_redirects=False)
            if answer.status_code >= 500:
                failed.append((path, field, answer.status_code))
    assert failed == []
