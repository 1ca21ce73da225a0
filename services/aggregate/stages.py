"""The aggregate service's stages: one sink per table, the dead letters of every stage, and the tick that
recounts the rollups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from embrace.bus.stages import Sink, Stage, Tick
from embrace.contracts import Area
from embrace.topic import Topic
from embrace.topics import (
    ALERTS,
    AREAS,
    ENRICHED_REPORTS,
    INTERVENTION_EFFECTS,
    INTERVENTIONS,
    MEETINGS,
    ORGANISATIONS,
    PLACE_OUTLOOK,
    POLICE_NOTICES,
    PROBLEMS,
    REPORT_VERSIONS,
    STAGES,
    SURVEY_RESULTS,
    TASKS,
    TENANTS,
    dead_letters,
)
from embrace.warehouse import Warehouse
from services.aggregate import loop_sinks, outlook_sink, sinks
from services.aggregate.alerting import Alerting
from services.aggregate.area_history import reassign_areas
from services.aggregate.current import CurrentIncidents
from services.aggregate.rollups import Rollups
from services.aggregate.sinks import TableSpec
from services.aggregate.spikes import DEFAULT_RULES, Rules

DEAD_LETTER_SINK = "sink-dead-letters"

# Every stage's dead letters land in one table for people to inspect. That sink's own dead letters are
# not consumed again (that could loop); they stay on their topic.
SINKS: tuple[tuple[str, tuple[Topic[Any], ...], TableSpec[Any]], ...] = (
    ("sink-incidents", (ENRICHED_REPORTS,), sinks.INCIDENTS),
    ("sink-report-versions", (REPORT_VERSIONS,), sinks.REPORT_VERSIONS),
    ("sink-interventions", (INTERVENTIONS,), sinks.INTERVENTIONS),
    ("sink-areas", (AREAS,), sinks.AREAS),
    ("sink-police-notices", (POLICE_NOTICES,), sinks.POLICE_NOTICES),
    ("sink-survey-results", (SURVEY_RESULTS,), sinks.SURVEY_RESULTS),
    ("sink-alerts", (ALERTS,), sinks.ALERTS),
    ("sink-intervention-effects", (INTERVENTION_EFFECTS,), sinks.INTERVENTION_EFFECTS),
    ("sink-problems", (PROBLEMS,), loop_sinks.PROBLEMS),
    ("sink-tasks", (TASKS,), loop_sinks.TASKS),
    ("sink-meetings", (MEETINGS,), loop_sinks.MEETINGS),
    ("sink-place-outlook", (PLACE_OUTLOOK,), outlook_sink.PLACE_OUTLOOK),
    ("sink-tenants", (TENANTS,), sinks.TENANTS),
    ("sink-organisations", (ORGANISATIONS,), sinks.ORGANISATIONS),
    (DEAD_LETTER_SINK, tuple(dead_letters(s) for s in STAGES if s != DEAD_LETTER_SINK), sinks.DEAD_LETTERS),
)

OUTPUTS = {"sink-incidents": (ALERTS,)}  # the counts it writes raise alerts
CURRENT = ("sink-incidents", "sink-report-versions")  # the sinks that keep incidents current


def build_stages(
    warehouse: Warehouse, rules: Rules = DEFAULT_RULES, named: Callable[[str], str] = str
) -> list[Stage]:
    """The sinks; ``named`` says a category in alert messages (its Swedish label, by the taxonomy)."""
    writers: dict[str, Callable[[Sequence[Any]], Any]] = {
        name: spec.writer(warehouse) for name, _, spec in SINKS
    }
    writers["sink-areas"] = areas_and_their_history(writers["sink-areas"], warehouse)
    current = CurrentIncidents(warehouse)  # one for both sinks: they keep one rule under one lock
    writers["sink-incidents"] = Alerting(warehouse, rules, named=named).after(current.write_reports)
    writers["sink-report-versions"] = current.write_versions
    sinks: list[Stage] = [
        Sink(
            name,
            topics,
            writers[name],
            outputs=OUTPUTS.get(name, ()),
            is_transient=warehouse.is_transient,
            on_assigned=current.seen.forget if name in CURRENT else None,
        )
        for name, topics, _ in SINKS
    ]
    return [*sinks, Tick("rollups", Rollups(warehouse).refresh_pending)]


def areas_and_their_history(
    write: Callable[[Sequence[Area]], None], warehouse: Warehouse
) -> Callable[[Sequence[Area]], None]:
    def write_and_reassign(areas: Sequence[Area]) -> None:
        write(areas)
        reassign_areas(warehouse, areas)

    return write_and_reassign
