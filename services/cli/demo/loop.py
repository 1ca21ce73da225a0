"""The demo municipality's working loop: a local problem in the intervention step with its intervention,
one closed three weeks ago, the weekly meetings of the last two weeks with their tasks (one done, one
open, one overdue), and the priorities the last two quarterly meetings decided. Invented, like the rest
of the demo."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from embrace.contracts.loop import Causes, Feedback, Problem, Scope, TaskFields
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from embrace.taxonomy import Taxonomy
from embrace.weeks import label, shift
from services.reporting.meetings.records import Minutes
from services.reporting.meetings.service import record
from services.reporting.problems.records import LEDGER as PROBLEMS
from services.reporting.quarterly.quarters import last_quarter
from services.reporting.quarterly.quarters import shift as shift_quarter
from services.reporting.tasks.records import LEDGER as TASKS
from services.reporting.tasks.records import TaskUpdate, tasks_of, updated

TITLE = "Grupper som stör ordningen i centrum, kvällar"
SOLVED = "Klotter på förskolan i Parkstaden"


def seed_loop(sql_store: SqlStore, chair: Principal, organisations: list[str], walk: uuid.UUID,
              now: datetime) -> None:  # fmt: skip
    municipality, housing, security = organisations[:3]
    tenant, taxonomy = chair.tenant, Taxonomy.load()
    this_week = label(now.date())
    problem = Problem(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"embrace-demo/{TITLE}"), tenant=tenant,
        occurred=now - timedelta(weeks=5), published=now, title=TITLE,
        scope=Scope(area_ids=["centrum"], categories=["disturbing_groups", "intoxicated_persons"],
                    hours=list(range(18, 24))),
        responsible_organisation=municipality, step="intervention", intervention_ids=[walk],
        causes=Causes(place="Torget saknar belysning och har skymda passager.",
                      guardian="Få vuxna rör sig i centrum efter stängning."),
    )  # fmt: skip
    with sql_store.session() as session:
        PROBLEMS.save(session, problem.model_copy(update={"step": "mapping"}), now - timedelta(weeks=5))
        PROBLEMS.save(session, problem, now - timedelta(weeks=3))
    earlier, last = shift(this_week, -2), shift(this_week, -1)
    task = TaskFields.model_validate
    record(sql_store, chair, "weekly", earlier, taxonomy=taxonomy, minutes=Minutes(tasks=[
        task({"organisation": security, "text": "Extra rond vid torget fredag kväll", "due_week": last,
              "problem_id": str(problem.event_id), "area_id": "centrum"})]))  # fmt: skip
    record(sql_store, chair, "weekly", last, taxonomy=taxonomy, minutes=Minutes(
        decisions=[{"text": "Fortsätt trygghetsvandringarna i centrum", "problem_id": problem.event_id}],
        tasks=[task({"organisation": housing, "text": "Byt trasig belysning i passagen",
                     "due_week": this_week, "problem_id": str(problem.event_id), "area_id": "centrum"}),
               task({"organisation": municipality, "text": "Boka fältassistenter till helgen",
                     "due_week": this_week, "problem_id": str(problem.event_id)})]))  # fmt: skip
    with sql_store.session() as session:
        lights = next(t for t in tasks_of(session, tenant, housing))
        TASKS.save(session, updated(lights, TaskUpdate(status="done", note="Klart i tisdags"), now))
    _solved(sql_store, tenant, housing, now)
    quarter = last_quarter(now)
    record(sql_store, chair, "quarterly", shift_quarter(quarter, -1), taxonomy=taxonomy, minutes=Minutes(
        priorities=[{"area_id": "parkstaden", "reason": "Klotter och skadegörelse kring förskolan",
                     "categories": ["graffiti", "vandalism"]}]))  # fmt: skip
    record(sql_store, chair, "quarterly", quarter, taxonomy=taxonomy, minutes=Minutes(priorities=[
        {"area_id": "centrum", "reason": "Ordningsstörningar kvällstid ökar", "problem_id": problem.event_id,
         "categories": ["disturbing_groups"]}]))  # fmt: skip


def _solved(sql_store: SqlStore, tenant: str, housing: str, now: datetime) -> None:
    """A problem taken round the loop and closed three weeks ago, with the note its partners got."""
    closed = label((now - timedelta(weeks=3)).date())
    problem = Problem(
        event_id=uuid.uuid5(uuid.NAMESPACE_URL, f"embrace-demo/{SOLVED}"), tenant=tenant,
        occurred=now - timedelta(weeks=3), published=now, title=SOLVED,
        scope=Scope(area_ids=["parkstaden"], categories=["graffiti"]), responsible_organisation=housing,
        step="feedback", causes=Causes(place="Skymd vägg mot gångvägen, ingen belysning."),
        feedback=[Feedback(text="Väggen är sanerad och belyst; inget nytt klotter på fem veckor.",
                           week=shift(closed, -1))],
        closed_in=closed,
    )  # fmt: skip
    with sql_store.session() as session:
        mapped = problem.model_copy(update={"step": "mapping", "feedback": [], "closed_in": None})
        PROBLEMS.save(session, mapped, now - timedelta(weeks=12))
        PROBLEMS.save(session, problem, now - timedelta(weeks=3))
