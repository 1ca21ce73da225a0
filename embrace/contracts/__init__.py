"""Pydantic models of every message on the bus. ``schemas/*.json`` is generated from these."""

from embrace.contracts.alerts import Alert
from embrace.contracts.areas import Area
from embrace.contracts.dead_letters import DeadLetter
from embrace.contracts.effects import InterventionEffect
from embrace.contracts.enriched import EnrichedIncident, EnrichedReport, ReportVersion
from embrace.contracts.envelope import Event, Versioned
from embrace.contracts.incidents import Incident, IncidentReport, Instant, Location, Window
from embrace.contracts.interventions import Intervention
from embrace.contracts.loop import Meeting, Problem, Task
from embrace.contracts.outlook import PlaceOutlook
from embrace.contracts.places import Place
from embrace.contracts.police import PoliceNotice
from embrace.contracts.registry import RegisteredOrganisation, RegisteredTenant
from embrace.contracts.surveys import SafetySurveyResult

__all__ = [
    "Alert",
    "Area",
    "DeadLetter",
    "EnrichedIncident",
    "EnrichedReport",
    "Event",
    "Incident",
    "IncidentReport",
    "Instant",
    "Intervention",
    "InterventionEffect",
    "Location",
    "Meeting",
    "Place",
    "PlaceOutlook",
    "PoliceNotice",
    "Problem",
    "RegisteredOrganisation",
    "RegisteredTenant",
    "ReportVersion",
    "SafetySurveyResult",
    "Task",
    "Versioned",
    "Window",
]
