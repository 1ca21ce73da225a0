"""The aggregate service's stages: one sink per table, plus the dead letters of every stage."""

from __future__ import annotations

from embrace.bus.stages import Sink, Stage
from embrace.topics import (
    AREAS,
    ENRICHED_INCIDENTS,
    INTERVENTIONS,
    POLICE_EVENTS,
    REPORT_VERSIONS,
    STAGES,
    SURVEY_RESULTS,
    dead_letters,
)
from embrace.warehouse import Warehouse
from services.aggregate.sinks import (
    AREA_COLUMNS,
    DEAD_LETTER_COLUMNS,
    INCIDENT_COLUMNS,
    INTERVENTION_COLUMNS,
    POLICE_EVENT_COLUMNS,
    REPORT_VERSION_COLUMNS,
    SURVEY_COLUMNS,
    area_row,
    dead_letter_row,
    incident_row,
    intervention_row,
    police_event_row,
    report_version_row,
    survey_row,
    writer,
)

DEAD_LETTER_SINK = "sink-dead-letters"


def build_stages(warehouse: Warehouse) -> list[Stage]:
    return [
        Sink(
            "sink-incidents",
            (ENRICHED_INCIDENTS,),
            writer(warehouse, "incidents", INCIDENT_COLUMNS, incident_row),
        ),
        Sink(
            "sink-report-versions",
            (REPORT_VERSIONS,),
            writer(warehouse, "report_versions", REPORT_VERSION_COLUMNS, report_version_row),
        ),
        Sink(
            "sink-interventions",
            (INTERVENTIONS,),
            writer(warehouse, "interventions", INTERVENTION_COLUMNS, intervention_row),
        ),
        Sink("sink-areas", (AREAS,), writer(warehouse, "areas", AREA_COLUMNS, area_row)),
        Sink(
            "sink-police-events",
            (POLICE_EVENTS,),
            writer(warehouse, "police_events", POLICE_EVENT_COLUMNS, police_event_row),
        ),
        Sink(
            "sink-survey-results",
            (SURVEY_RESULTS,),
            writer(warehouse, "survey_results", SURVEY_COLUMNS, survey_row),
        ),
        # Every stage's dead letters land in one table for people to inspect. This sink's own dead
        # letters are not consumed again (that could loop); they stay on their topic.
        Sink(
            DEAD_LETTER_SINK,
            tuple(dead_letters(stage) for stage in STAGES if stage != DEAD_LETTER_SINK),
            writer(warehouse, "dead_letters", DEAD_LETTER_COLUMNS, dead_letter_row),
        ),
    ]
