"""A municipality's admin adds partner organisations and the people who sign in for them in the web app;
nobody else may, a person never gets a role that reads every tenant, and bad input is named field by field
with nothing stored."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from embrace.sqlstore.tables import ApiKey, Organisation, User
from tests.support.system import System, form_token, log_in

NAMES = "SELECT organisation, name FROM {db}.organisations FINAL WHERE tenant = '0180'"


def post(client: TestClient, form: str, fields: dict[str, str]) -> tuple[int, str]:
    token = form_token(client.get("/app/partners").text)
    answer = client.post(f"/app/partners/{form}", data={"csrf": token, **fields})
    return answer.status_code, answer.text


def published_names(system: System) -> dict[str, str]:
    """The organisations' names as the warehouse has them from the bus."""
    system.relay.drain()
    return dict(system.warehouse.query(NAMES))


def organisation(slug: str, name: str = "Nytt", kind: str = "other") -> tuple[str, dict[str, str]]:
    return "organisations", {"id": slug, "name": name, "kind": kind}


def person(email: str, role: str = "reporter", of: str = "kommunen") -> tuple[str, dict[str, str]]:
    return "people", {"organisation": of, "name": "Bo", "email": email, "role": role}


def test_an_admin_adds_an_organisation_and_a_person_who_then_signs_in(
    system: System, admin: TestClient
) -> None:
    status, page = post(admin, *organisation("bostadsbolaget", "Bostadsbolaget AB", "housing"))
    assert status == 200
    assert '<p class="ok" role="status">Bostadsbolaget AB är tillagd.</p>' in page
    path, karin = person("Karin@Bostad.se", of="bostadsbolaget")
    status, page = post(admin, path, {**karin, "name": "Karin  Ek"})
    assert status == 201
    assert "Karin Ek loggar in med karin@bostad.se och lösenordet nedan." in page
    [password] = re.findall(r'<code class="secret">([^<]+)</code>', page)
    listed = admin.get("/app/partners").text
    assert "Rapportör" in listed
    assert password not in listed
    signed_in = TestClient(admin.app, base_url=str(admin.base_url))
    log_in(signed_in, "karin@bostad.se", password)
    assert 'href="/app/partners"' in admin.get("/app/report").text
    assert 'href="/app/partners"' not in signed_in.get("/app/report").text  # the link is for admins only
    assert published_names(system)["bostadsbolaget"] == "Bostadsbolaget AB"


def test_only_an_admin_may_see_or_change_the_partners(system: System) -> None:
    password = system.add_person("0180", "kommunen", "rapport@kommun.se", role="reporter")
    log_in(system.client, "rapport@kommun.se", password)
    assert system.client.get("/app/partners").status_code == 403
    token = form_token(system.client.get("/app/report").text)
    fields = {"csrf": token, "id": "ny", "name": "Ny", "kind": "other"}
    assert system.client.post("/app/partners/organisations", data=fields).status_code == 403
    with system.sql_store.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(Organisation).where(Organisation.slug == "ny"))
            == 0
        )


@pytest.mark.parametrize(
    ("asked", "field", "said"),
    [
        (organisation("Bostäder AB"), "id", "Kortnamnet får bara"),
        (organisation("kommunen"), "id", "Det finns redan en organisation med kortnamnet kommunen."),
        (organisation("nytt", name=" "), "name", "Namnet ska ha 1–200 tecken."),
        (organisation("nytt", kind="transport"), "kind", "Välj en av typerna."),
        (person("bo"), "email", "Skriv en e-postadress"),
        (person("samordnare@kommun.se"), "email", "Det finns redan en person med e-postadressen"),
        (person("bo@kommun.se", role="regional"), "role", "Välj en av rollerna."),
        (person("bo@kommun.se", of="grannkommunen"), "organisation", "Välj en av kommunens organisationer."),
    ],
)
def test_bad_input_is_named_beside_its_field_and_nothing_is_stored(
    system: System, admin: TestClient, asked: tuple[str, dict[str, str]], field: str, said: str
) -> None:
    status, page = post(admin, *asked)
    assert status == 422
    assert re.search(rf'<p class="field-error" id="{field}-error">{re.escape(said)}', page), page
    with system.sql_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_an_admin_renames_an_organisation_and_the_new_name_is_published(
    system: System, admin: TestClient
) -> None:
    status, _ = post(admin, "organisations/kommunen/name", {"name": "Stockholms stad"})
    assert status == 200
    assert "<h2>Stockholms stad</h2>" in admin.get("/app/partners").text
    status, page = post(admin, "organisations/kommunen/name", {"name": "  "})
    assert status == 422
    assert '<p class="field-error" id="name-kommunen-error">Namnet ska ha 1–200 tecken.</p>' in page
    assert post(admin, "organisations/grannen/name", {"name": "Grannen"})[0] == 404
    assert published_names(system)["kommunen"] == "Stockholms stad"


def test_an_admin_makes_an_api_key_for_a_partners_system_and_revokes_it(
    system: System, admin: TestClient
) -> None:
    status, page = post(
        admin, "keys", {"organisation": "kommunen", "label": "Felanmälan", "role": "reporter"}
    )
    assert status == 201
    [key] = re.findall(r'<code class="secret">(emb_[^<]+)</code>', page)
    stats = "/v1/stats/weekly?week=2026-W47"
    assert admin.get(stats, headers={"Authorization": f"Bearer {key}"}).status_code == 200
    prefix = key.split("_")[1]
    listed = admin.get("/app/partners").text
    assert f"emb_{prefix}_…" in listed
    assert key not in listed
    assert post(admin, f"keys/{prefix}/revoke", {})[0] == 200  # back on the page
    assert admin.get(stats, headers={"Authorization": f"Bearer {key}"}).status_code == 401


def test_a_key_is_for_one_of_the_municipalitys_organisations_and_never_reads_every_tenant(
    system: System, admin: TestClient
) -> None:
    status, page = post(admin, "keys", {"organisation": "kommunen", "label": "", "role": "regional"})
    assert status == 422
    assert '<p class="field-error" id="key_role-error">Välj en av rollerna.</p>' in page
    other = system.add_partner("0380", "uppsala")
    assert post(admin, f"keys/{other.split('_')[1]}/revoke", {})[0] == 404
    with system.sql_store.session() as session:
        assert (
            session.scalar(select(func.count()).select_from(ApiKey).where(ApiKey.revoked_at.is_not(None)))
            == 0
        )
