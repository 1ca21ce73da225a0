"""What A reads and changes through the loop's pages, the situation pictures and the partners' page."""

from __future__ import annotations

from embrace.sqlstore.registry import find_organisation
from tests.integration.tenant_isolation.two_tenants import (
    B_ONLY_AREA,
    B_ONLY_ORG,
    WEEK,
    Attempts,
    Tenants,
    csrf,
)


def shows_nothing_of_b(page: str, *of_b: str) -> int:
    """404 when the page names none of what only B has."""
    return 404 if not any(thing in page for thing in of_b) else 200


def loop_page_attempts(t: Tenants) -> Attempts:
    """The loop's and the situation pictures' pages, and their forms naming what only B has."""
    c, pid, tid, token = t.system.client, t.problem_b, t.task_b, csrf(t)
    b_area, b_org = B_ONLY_AREA.title(), B_ONLY_ORG.title()  # as the pages name them
    return {
        ("GET", "/app/feedback"): [shows_nothing_of_b(c.get("/app/feedback").text, pid)],
        ("GET", "/app/lagesbild"): [shows_nothing_of_b(c.get("/app/lagesbild").text, b_area, b_org)],
        ("GET", "/app/lagesbild/kvartal"): [shows_nothing_of_b(c.get("/app/lagesbild/kvartal").text, b_area)],
        ("GET", "/app/problems"): [shows_nothing_of_b(c.get("/app/problems").text, pid)],
        ("GET", "/app/tasks"): [shows_nothing_of_b(c.get("/app/tasks").text, tid, "Städa torget")],
        ("POST", "/app/problems"): [
            c.post(
                "/app/problems",
                data={
                    "csrf": token,
                    "title": "B:s torg",
                    "category": "littering",
                    "area": B_ONLY_AREA,
                    "organisation": "kommunen",
                },
            ).status_code,
            c.post(
                "/app/problems",
                data={
                    "csrf": token,
                    "title": "B:s polis",
                    "category": "littering",
                    "organisation": B_ONLY_ORG,
                },
            ).status_code,
        ],
        ("POST", "/app/meeting"): [
            c.post(
                "/app/meeting",
                data={
                    "csrf": token,
                    "week": WEEK.label,
                    "organisation0": B_ONLY_ORG,
                    "task0": "B:s uppgift",
                    "due0": WEEK.label,
                },
            ).status_code,
            c.post(
                "/app/meeting",
                data={"csrf": token, "week": WEEK.label, "decision": "B:s beslut", "problem": pid},
            ).status_code,
        ],
    }


def partner_page_attempts(t: Tenants) -> Attempts:
    """The partners' page of A's admin: B's organisations, people and keys are out of its reach."""
    c, token, person = t.system.client, csrf(t), str(t.user_b)
    b_key = t.key_b.split("_")[1]
    return {
        ("GET", "/app/partners"): [
            shows_nothing_of_b(c.get("/app/partners").text, B_ONLY_ORG.title(), "bo@b.se")
        ],
        ("POST", "/app/partners/organisations/{slug}/name"): [
            c.post(
                f"/app/partners/organisations/{B_ONLY_ORG}/name", data={"csrf": token, "name": "A:s"}
            ).status_code
        ],
        ("POST", "/app/partners/people"): [
            c.post(
                "/app/partners/people",
                data={
                    "csrf": token,
                    "email": "ny@a.se",
                    "name": "Ny",
                    "role": "reporter",
                    "organisation": B_ONLY_ORG,
                },
            ).status_code
        ],
        ("POST", "/app/partners/people/{user_id:uuid}/access"): [
            c.post(f"/app/partners/people/{person}/access", data={"csrf": token, "allowed": "0"}).status_code
        ],
        ("POST", "/app/partners/people/{user_id:uuid}/password"): [
            c.post(f"/app/partners/people/{person}/password", data={"csrf": token}).status_code
        ],
        ("POST", "/app/partners/keys"): [
            c.post(
                "/app/partners/keys",
                data={"csrf": token, "label": "B", "role": "reporter", "organisation": B_ONLY_ORG},
            ).status_code
        ],
        ("POST", "/app/partners/keys/{prefix}/revoke"): [
            c.post(f"/app/partners/keys/{b_key}/revoke", data={"csrf": token}).status_code
        ],
        # A new organisation is A's own, whatever it is called: B gets none.
        ("POST", "/app/partners/organisations"): [
            c.post(
                "/app/partners/organisations",
                data={"csrf": token, "id": "ny-org", "name": "Ny", "kind": "other"},
            ).status_code
            and organisations_of_b_untouched(t)
        ],
    }


def organisations_of_b_untouched(t: Tenants) -> int:
    with t.system.sql_store.session() as session:
        return 404 if find_organisation(session, "0380", "ny-org") is None else 200
