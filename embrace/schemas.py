"""JSON Schemas of the contracts, generated into ``schemas/``; a test fails when the files drift."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from embrace.contracts import (
    Alert,
    Area,
    DeadLetter,
    EnrichedIncident,
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

SCHEMA_ID_BASE = "https://embrace-platform.se/schemas/"

CONTRACTS: dict[str, type[BaseModel]] = {
    "incident-report": IncidentReport,
    "police-notice": PoliceNotice,
    "intervention": Intervention,
    "area": Area,
    "place": Place,
    "safety-survey-result": SafetySurveyResult,
    "enriched-incident": EnrichedIncident,
    "enriched-report": EnrichedReport,
    "report-version": ReportVersion,
    "alert": Alert,
    "intervention-effect": InterventionEffect,
    "problem": Problem,
    "task": Task,
    "meeting": Meeting,
    "place-outlook": PlaceOutlook,
    "registered-tenant": RegisteredTenant,
    "registered-organisation": RegisteredOrganisation,
    "dead-letter": DeadLetter,
}


def file_name(name: str, model: type[BaseModel]) -> str:
    version = model.model_fields["schema_version"].default
    return f"{name}.v{version}.json"


def render(name: str, model: type[BaseModel]) -> str:
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID_BASE + file_name(name, model),
        **model.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def expected_files() -> dict[str, str]:
    return {file_name(name, model): render(name, model) for name, model in CONTRACTS.items()}


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in expected_files().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def drift(directory: Path) -> list[str]:
    """File names that are missing, stale, or no longer generated."""
    expected = expected_files()
    present = {p.name for p in directory.glob("*.json")} if directory.is_dir() else set()
    stale = [
        n for n, text in expected.items() if n not in present or (directory / n).read_text("utf-8") != text
    ]
    return sorted(stale + [n for n in present if n not in expected])
