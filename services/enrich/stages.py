"""The enrich service's stages, as both runners execute them."""

from __future__ import annotations

from functools import partial

from embrace.bus.stages import Stage, Transform
from embrace.topics import INCIDENT_REPORTS, POLICE_EVENTS
from services.enrich.enrichment import EnrichContext, enrich_report
from services.enrich.police import PoliceTypes, enrich_police


def build_stages(context: EnrichContext) -> list[Stage]:
    types = PoliceTypes.load(context.taxonomy)
    return [
        Transform("enrich-reports", (INCIDENT_REPORTS,), partial(enrich_report, context=context)),
        Transform("enrich-police", (POLICE_EVENTS,), partial(enrich_police, context=context, types=types)),
    ]
