"""The enrich service's stages, as both runners execute them."""

from __future__ import annotations

from functools import partial

from embrace.bus.stages import Stage, Transform
from embrace.topics import INCIDENT_REPORTS
from services.enrich.enrichment import EnrichContext, enrich_report


def build_stages(context: EnrichContext) -> list[Stage]:
    return [Transform("enrich-reports", (INCIDENT_REPORTS,), partial(enrich_report, context=context))]
