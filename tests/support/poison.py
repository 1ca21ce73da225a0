"""One poison record of each kind of message, each beside a good neighbour, for the robustness tests.

A poison record is one the pipeline cannot keep. Some never decode (garbage bytes, the intervention dated
in the year 206 that once stopped all counting); the others are well-formed but refused by the warehouse,
which here is the real engine with a CHECK constraint that refuses rows named "POISON".
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from embrace.contracts import Area, Intervention, PoliceNotice, SafetySurveyResult
from embrace.contracts.interventions import InterventionPlace
from embrace.contracts.police import PoliceLocation
from embrace.record import Record
from embrace.topics import AREAS, INCIDENT_REPORTS, INTERVENTIONS, POLICE_NOTICES, SURVEY_RESULTS
from embrace.warehouse import Warehouse
from tests.support.builders import NOW, incident, report

POISON = "POISON"
TENANT = "0180"
SQUARE = [[18.0, 59.3], [18.01, 59.3], [18.01, 59.31], [18.0, 59.31], [18.0, 59.3]]

# The store refuses these rows: real constraints of the real engine.
REFUSALS = {
    "incidents": "description != 'POISON'",
    "interventions": "title != 'POISON'",
    "areas": "name != 'POISON'",
    "police_events": "name != 'POISON'",
    "survey_results": "survey != 'POISON'",
}


def refuse_poison(warehouse: Warehouse) -> None:
    for table, check in REFUSALS.items():
        warehouse.command(
            f"ALTER TABLE {{db}}.{table} ADD CONSTRAINT IF NOT EXISTS refuse_poison CHECK {check}"
        )


@dataclass(frozen=True)
class Case:
    kind: str
    poison: Record
    good: Record
    stages: tuple[str, ...]  # whose dead letters the poison becomes (every consumer of its topic decodes it)
    reason: str  # part of the dead letter's reason
    table: str
    good_key: str  # where the good neighbour is found: SELECT count() FROM table WHERE <good_key>


def intervention(title: str, event_id: uuid.UUID | None = None) -> Intervention:
    return Intervention(
        event_id=event_id or uuid.uuid4(), tenant=TENANT, occurred=NOW, published=NOW, title=title,
        kind="safety_walk", place=InterventionPlace(area_id="centrum"), start=NOW.date(),
        responsible_organisation="kommunen",
    )  # fmt: skip


def area(name: str, area_id: str) -> Area:
    geometry = {"type": "Polygon", "coordinates": [SQUARE]}
    return Area(event_id=uuid.uuid4(), tenant=TENANT, occurred=NOW, published=NOW, area_id=area_id,
                name=name, kind="hotspot", geometry=geometry)  # fmt: skip


def police_notice(name: str, police_id: int) -> PoliceNotice:
    return PoliceNotice(
        event_id=uuid.uuid4(), tenant=TENANT, occurred=NOW, published=NOW, police_id=police_id,
        datetime="2026-02-01 12:00:00 +01:00", name=name, summary="", url="/", type="Stöld",
        location=PoliceLocation(name="Stockholm", gps="59.33,18.06"), location_precision="municipality",
    )  # fmt: skip


def survey(name: str) -> SafetySurveyResult:
    return SafetySurveyResult(
        event_id=uuid.uuid4(), tenant=TENANT, occurred=NOW, published=NOW, survey=name, area_id="centrum",
        period_start=NOW.date(), period_end=NOW.date(), indicator="otrygg", measure="share", value=0.2,
        respondents=100,
    )  # fmt: skip


def _dated_in_206() -> bytes:
    made = json.loads(intervention("Trygghetsvandring").model_dump_json())
    return json.dumps({**made, "start": "0206-11-30"}).encode()


# What the API accepted before its dates were bounded: a start the warehouse's Date column cannot hold.
YEAR_206 = Record(INTERVENTIONS.name, b"year-206", _dated_in_206())


def cases() -> list[Case]:
    """Every kind of poison, each with the good record that follows it."""
    return [*_unreadable(), *_refused_by_the_store()]


def _unreadable() -> list[Case]:
    good_report = report(incident("graffiti", description="Klotter"), tenant=TENANT)
    good_notice, good_plan = police_notice("Stöld, Stockholm", 1), intervention("Nattvandring")
    return [
        Case("undecodable report",
             Record(INCIDENT_REPORTS.name, b"r", b"{not json"), INCIDENT_REPORTS.record(good_report),
             ("enrich-reports",), "invalid IncidentReport",
             "incidents", f"report_id = '{good_report.event_id}'"),
        Case("undecodable police notice",
             Record(POLICE_NOTICES.name, b"p", b"\xff\xfe"), POLICE_NOTICES.record(good_notice),
             ("enrich-police", "sink-police-notices"), "invalid PoliceNotice",
             "police_events", "police_id = 1"),
        Case("intervention dated in the year 206",
             YEAR_206, INTERVENTIONS.record(good_plan),
             ("sink-interventions",), "start: must lie in the years",
             "interventions", f"intervention_id = '{good_plan.event_id}'"),
    ]  # fmt: skip


def _refused_by_the_store() -> list[Case]:
    poison_report = report(incident("graffiti", description=POISON), tenant=TENANT)
    littering = report(incident("littering"), tenant=TENANT)
    good_area, good_survey, refused = area("Torget", "torget"), survey("Trygghetsmätning"), "store refused"
    return [
        Case("incident the store refuses",
             INCIDENT_REPORTS.record(poison_report), INCIDENT_REPORTS.record(littering),
             ("sink-incidents",), refused,
             "incidents", f"report_id = '{littering.event_id}'"),
        Case("intervention the store refuses",
             INTERVENTIONS.record(intervention(POISON)), INTERVENTIONS.record(intervention("Belysning")),
             ("sink-interventions",), refused,
             "interventions", "title = 'Belysning'"),
        Case("area the store refuses",
             AREAS.record(area(POISON, "giftigt")), AREAS.record(good_area),
             ("sink-areas",), refused,
             "areas", "area_id = 'torget'"),
        Case("police notice the store refuses",
             POLICE_NOTICES.record(police_notice(POISON, 2)), POLICE_NOTICES.record(police_notice("Rån", 3)),
             ("sink-police-notices",), refused,
             "police_events", "police_id = 3"),
        Case("survey result the store refuses",
             SURVEY_RESULTS.record(survey(POISON)), SURVEY_RESULTS.record(good_survey),
             ("sink-survey-results",), refused,
             "survey_results", f"result_id = '{good_survey.event_id}'"),
    ]  # fmt: skip
