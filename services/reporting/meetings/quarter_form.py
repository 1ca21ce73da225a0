"""The quarterly meeting's form, row by row: an area, ticked when the meeting gives it priority, with its
reason, categories, causes and problem, and optionally an intervention planned there and a task given
there (who does what by when). What the chair
sends becomes the meeting's minutes; a refused form comes back as it was filled in, each fault named by
the row and field the form shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from starlette.datastructures import FormData

from embrace.messages import Language
from services.reporting.pages import named_by_row

MORE_ROWS = 2  # rows for areas the ranking did not propose
MOST_ROWS = 50  # as many priorities as the minutes hold
PLAN = ("title", "kind", "start", "responsible")  # a planned intervention's fields in the form
TASK = ("text", "organisation", "due")  # a task's fields in the form
LABELS = {"area_id": "app.area", "place": "app.area",
          "reason": "quarter_meeting.reason", "categories": "quarter_meeting.categories",
          "causes": "quarter_meeting.causes",
          "problem_id": "meeting.about_problem", "title": "quarter_meeting.plan",
          "kind": "app.intervention_kind", "start": "app.start",
          "responsible_organisation": "app.responsible", "text": "meeting.what",
          "organisation": "meeting.organisation", "due_week": "meeting.due_week"}  # fmt: skip


def rows_of(meeting: dict[str, Any], reason: Callable[[dict[str, Any]], str]) -> list[dict[str, Any]]:
    """The form's rows: the priorities decided so far, then each proposed area not among them with the
    ranking's reasons as its reason, then empty rows."""
    decided = (meeting["minutes"] or {}).get("priorities", [])
    rows = [{**_row("", ""), **p, "keep": True} for p in decided]
    taken = {p["area_id"] for p in decided}
    rows += [_row(p["area"], "; ".join(reason(why) for why in p["reasons"]))
             for p in meeting["proposal"] if p["area"] not in taken]  # fmt: skip
    return rows + [_row("", "") for _ in range(MORE_ROWS)]


def sent_rows(form: FormData) -> list[dict[str, Any]]:
    """The rows as sent, ticked or not."""
    count = str(form.get("rows") or "")
    return [
        {"keep": bool(form.get(f"keep{n}")), "area_id": str(form.get(f"area{n}") or ""),
         "reason": str(form.get(f"reason{n}") or "").strip(), "categories": form.getlist(f"category{n}"),
         "causes": str(form.get(f"causes{n}") or "").strip() or None,
         "problem_id": form.get(f"problem{n}") or None,
         "plan": {name: str(form.get(f"plan_{name}{n}") or "").strip() for name in PLAN},
         "task": {name: str(form.get(f"task_{name}{n}") or "").strip() for name in TASK}}
        for n in range(min(int(count), MOST_ROWS + MORE_ROWS) if count.isdigit() else 0)
    ]  # fmt: skip


def minutes_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The priorities (the ticked rows), the interventions planned (the rows whose plan has a title) and
    the tasks given (the rows whose task says what), each in the area of its row; a row need not be
    ticked to plan or give, so nothing written is lost."""
    priorities = [{k: row[k] for k in ("area_id", "reason", "categories", "causes", "problem_id")}
                  for row in rows if row["keep"]]  # fmt: skip
    planned = [_planned(row) for row in rows if row["plan"]["title"]]
    tasks = [_task(row) for row in rows if row["task"]["text"]]
    return {"priorities": priorities, "interventions": planned, "tasks": tasks}


def _planned(row: dict[str, Any]) -> dict[str, Any]:
    """A row's planned intervention; what was left empty is left out, so the error says it is missing."""
    plan = row["plan"]
    given = {"title": plan["title"], "kind": plan["kind"], "start": plan["start"],
             "responsible_organisation": plan["responsible"]}  # fmt: skip
    return {**{k: v for k, v in given.items() if v}, "status": "planned",
            "place": {"area_id": row["area_id"] or None}, "targeted_categories": row["categories"],
            "problem_id": row["problem_id"]}  # fmt: skip


def _task(row: dict[str, Any]) -> dict[str, Any]:
    task = row["task"]
    given = {"text": task["text"], "organisation": task["organisation"], "due_week": task["due"]}
    return {**{k: v for k, v in given.items() if v}, "area_id": row["area_id"] or None,
            "problem_id": row["problem_id"]}  # fmt: skip


def as_in_the_form(rows: list[dict[str, Any]], language: Language) -> Callable[[str], str]:
    """A field of the minutes as the form names it: ``priorities.0.reason`` of the third row ticked is
    "Område 3, Skäl", since only ticked rows are priorities, only rows with a plan plan one, and only
    rows with a task give one."""
    ticked = [n for n, row in enumerate(rows) if row["keep"]]
    planning = [n for n, row in enumerate(rows) if row["plan"]["title"]]
    giving = [n for n, row in enumerate(rows) if row["task"]["text"]]
    return named_by_row({"priorities": ticked, "interventions": planning, "tasks": giving},
                        "quarter_meeting.row", LABELS, language)  # fmt: skip


def _row(area: str, reason: str) -> dict[str, Any]:
    return {"keep": False, "area_id": area, "reason": reason, "categories": [], "causes": None,
            "problem_id": None, "plan": dict.fromkeys(PLAN, ""), "task": dict.fromkeys(TASK, "")}  # fmt: skip
