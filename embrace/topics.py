"""Every topic on the bus, each with its name, key and model (what a topic is: embrace/topic.py).

Topic names carry the schema's major version, so a breaking contract change gets a new topic
instead of surprising consumers of the old one.
"""

from __future__ import annotations

from typing import Any

from embrace.contracts import (
    Alert,
    Area,
    DeadLetter,
    EnrichedReport,
    IncidentReport,
    Intervention,
    InterventionEffect,
    Meeting,
    Place,
    PlaceOutlook,
    PoliceNotice,
    Problem,
    RegisteredOrganisation,
    RegisteredTenant,
    ReportVersion,
    SafetySurveyResult,
    Task,
)
from embrace.topic import DAY_MS, Topic

INCIDENT_REPORTS: Topic[IncidentReport] = Topic(
    "embrace.incident-reports.v1", IncidentReport, "report event_id", lambda m: str(m.event_id)
)
POLICE_NOTICES: Topic[PoliceNotice] = Topic(
    "embrace.police-notices.v1", PoliceNotice, "police notice id", lambda m: str(m.police_id)
)
INTERVENTIONS: Topic[Intervention] = Topic(
    "embrace.interventions.v1",
    Intervention,
    "intervention event_id",
    lambda m: str(m.event_id),
    compacted=True,
)
INTERVENTION_EFFECTS: Topic[InterventionEffect] = Topic(
    "embrace.intervention-effects.v1",
    InterventionEffect,
    "intervention_id",
    lambda m: str(m.intervention_id),
    compacted=True,
)
AREAS: Topic[Area] = Topic(
    "embrace.geo.areas.v1", Area, "tenant/area_id", lambda m: f"{m.tenant}/{m.area_id}", compacted=True
)
PLACES: Topic[Place] = Topic(
    "embrace.places.v1", Place, "tenant/place event_id", lambda m: f"{m.tenant}/{m.event_id}", compacted=True
)
SURVEY_RESULTS: Topic[SafetySurveyResult] = Topic(
    "embrace.survey-results.v1",
    SafetySurveyResult,
    "result event_id",
    lambda m: str(m.event_id),
    compacted=True,
)
ENRICHED_REPORTS: Topic[EnrichedReport] = Topic(
    "embrace.reports-enriched.v1", EnrichedReport, "report_id", lambda m: str(m.report_id)
)
REPORT_VERSIONS: Topic[ReportVersion] = Topic(
    "embrace.report-versions.v1", ReportVersion, "report_id", lambda m: str(m.report_id), compacted=True
)
ALERTS: Topic[Alert] = Topic("embrace.alerts.v1", Alert, "tenant", lambda m: m.tenant)
# The working loop: problems, the meetings' tasks and minutes. Compacted: each key keeps its latest version.
PROBLEMS: Topic[Problem] = Topic(
    "embrace.problems.v1", Problem, "problem event_id", lambda m: str(m.event_id), compacted=True
)
TASKS: Topic[Task] = Topic(
    "embrace.tasks.v1", Task, "task event_id", lambda m: str(m.event_id), compacted=True
)
MEETINGS: Topic[Meeting] = Topic(
    "embrace.meetings.v1",
    Meeting,
    "tenant/kind/period",
    lambda m: f"{m.tenant}/{m.kind}/{m.period}",
    compacted=True,
)
# Where next: each tenant's H3 cells with next week's expectation and their tested hot spots.
PLACE_OUTLOOK: Topic[PlaceOutlook] = Topic(
    "embrace.place-outlook.v1",
    PlaceOutlook,
    "tenant/week/cell",
    lambda m: f"{m.tenant}/{m.week}/{m.cell}",
    compacted=True,
)
# Who uses the instance, by name: each key keeps its latest name.
TENANTS: Topic[RegisteredTenant] = Topic(
    "embrace.registry.tenants.v1", RegisteredTenant, "tenant", lambda m: m.tenant, compacted=True
)
ORGANISATIONS: Topic[RegisteredOrganisation] = Topic(
    "embrace.registry.organisations.v1",
    RegisteredOrganisation,
    "tenant/organisation",
    lambda m: f"{m.tenant}/{m.organisation}",
    compacted=True,
)


def dead_letters(stage: str) -> Topic[DeadLetter]:
    """The dead-letter topic of one stage; its key is the original message's key."""
    return Topic(
        f"embrace.dead-letters.{stage}.v1",
        DeadLetter,
        "original key",
        lambda m: (m.key or b"").decode(errors="replace"),
        partitions=1,
        retention_ms=90 * DAY_MS,
    )


# Stage names are part of the wire contract because each one owns a dead-letter topic.
STAGES = (
    "outbox-relay",  # records the bus refused to take at all (too large for Kafka)
    "enrich-reports",
    "enrich-police",
    "sink-incidents",
    "sink-report-versions",
    "sink-interventions",
    "sink-areas",
    "sink-police-notices",
    "sink-survey-results",
    "sink-alerts",
    "sink-intervention-effects",
    "sink-problems",
    "sink-tasks",
    "sink-meetings",
    "sink-place-outlook",
    "sink-tenants",
    "sink-organisations",
    "sink-dead-letters",
)

DATA_TOPICS: tuple[Topic[Any], ...] = (
    INCIDENT_REPORTS,
    POLICE_NOTICES,
    INTERVENTIONS,
    AREAS,
    PLACES,
    SURVEY_RESULTS,
    ENRICHED_REPORTS,
    REPORT_VERSIONS,
    ALERTS,
    INTERVENTION_EFFECTS,
    PROBLEMS,
    TASKS,
    MEETINGS,
    PLACE_OUTLOOK,
    TENANTS,
    ORGANISATIONS,
)


# What producers put on the outbox (embrace.sqlstore.outbox): every data topic but those the pipeline's
# stages write themselves; and the relay's own dead letters of what Kafka refused. What the relay's
# principal may write.
PIPELINE_WRITES = (ENRICHED_REPORTS, REPORT_VERSIONS, ALERTS)
OUTBOX_TOPICS: tuple[Topic[Any], ...] = (
    *(topic for topic in DATA_TOPICS if topic not in PIPELINE_WRITES),
    dead_letters("outbox-relay"),
)


def all_topics() -> list[Topic[Any]]:
    return [*DATA_TOPICS, *(dead_letters(stage) for stage in STAGES)]
