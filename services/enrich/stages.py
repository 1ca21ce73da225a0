"""The enrich service's stages, as both runners execute them."""

from __future__ import annotations

from functools import partial

from embrace.bus.stages import Follow, Stage, Transform
from embrace.inboxes import INBOXES
from embrace.topics import (
    AREAS,
    ENRICHED_REPORTS,
    INCIDENT_REPORTS,
    PLACES,
    POLICE_NOTICES,
    REPORT_VERSIONS,
)
from services.enrich.enrichment import EnrichContext, enrich_reports
from services.enrich.police import PoliceTypes, enrich_police

ENRICHED = (ENRICHED_REPORTS, REPORT_VERSIONS)


def build_stages(context: EnrichContext) -> list[Stage]:
    types = PoliceTypes.load(context.taxonomy)
    return [
        # The tenant's areas and gazetteer, current while the worker runs: new incidents use them at once.
        Follow("follow-areas", (AREAS,), context.book.apply_area),
        Follow("follow-places", (PLACES,), context.book.apply_place),
        Transform(
            "enrich-reports",
            (INCIDENT_REPORTS, INBOXES),
            partial(enrich_reports, context=context),
            outputs=ENRICHED,
        ),
        Transform(
            "enrich-police",
            (POLICE_NOTICES,),
            partial(enrich_police, context=context, types=types),
            outputs=ENRICHED,
        ),
    ]
