"""The OpenAPI document as precise as the server: the deployment's taxonomy, and requests it accepts.

The contracts name a category only by its shape; which codes exist is data (the built-in taxonomy plus a
deployment's own). The document lists them, and shows a request of each kind dated last week, so a
reader or a fuzzer starting from the examples reaches the accepted paths.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from embrace.taxonomy import Taxonomy

Clock = Callable[[], datetime]


def install_openapi(app: FastAPI, taxonomy: Taxonomy, clock: Clock = lambda: datetime.now(UTC)) -> None:
    def document() -> dict[str, Any]:
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        components = schema.get("components", {}).get("schemas", {})
        name_the_taxonomy(components, taxonomy)
        add_examples(components, clock())
        return schema

    app.openapi = document  # type: ignore[method-assign]


def name_the_taxonomy(components: dict[str, Any], taxonomy: Taxonomy) -> None:
    observed = sorted(c.code for c in taxonomy.in_group("crime", "insecurity"))
    interventions = sorted(c.code for c in taxonomy.in_group("intervention"))
    fields = {
        ("Incident", "category"): observed,
        ("InterventionSubmission", "kind"): interventions,
        ("InterventionChange", "kind"): interventions,
        ("InterventionSubmission", "targeted_categories"): observed,
        ("InterventionChange", "targeted_categories"): observed,
    }
    for (model, field), codes in fields.items():
        prop = components.get(model, {}).get("properties", {}).get(field)
        if prop is not None:
            _enum(prop, codes)


def _enum(prop: dict[str, Any], codes: list[str]) -> None:
    """Set the codes on the string schema inside a property, whether plain, optional or a list."""
    if prop.get("type") == "string":
        prop["enum"] = codes
    for branch in prop.get("anyOf", []):
        _enum(branch, codes)
    if "items" in prop:
        _enum(prop["items"], codes)


def add_examples(components: dict[str, Any], now: datetime) -> None:
    last_week = now - timedelta(days=7)
    monday = (last_week - timedelta(days=last_week.weekday())).date()
    at = f"{monday + timedelta(days=1)}T22:15:00+01:00"
    incident = {
        "category": "littering",
        "description": "Nedskräpning vid busshållplatsen",
        "time": {"kind": "instant", "at": at},
        "location": {"area_id": "centrum"},
    }
    window = {
        "category": "graffiti",
        "time": {"kind": "window", "start": f"{monday}T20:00:00+01:00", "end": f"{monday}T23:00:00+01:00"},
        "location": {"address": "Storgatan 1"},
    }
    report = {"incidents": [incident, window]}
    examples = {
        "ReportSubmission": report,
        "ReportCorrection": {"incidents": [incident]},
        "BatchSubmission": {"reports": [report, {"incidents": [window]}]},
        "InterventionSubmission": {
            "title": "Trygghetsvandring i centrum",
            "kind": "safety_walk",
            "place": {"area_id": "centrum"},
            "start": str(monday + timedelta(days=14)),
            "targeted_categories": ["dark_place", "disturbing_groups"],
        },
        "InterventionChange": {"status": "ongoing"},
    }
    for model, example in examples.items():
        if model in components:
            components[model]["examples"] = [example]
