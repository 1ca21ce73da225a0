"""`embrace serve enrich`: place, taxonomy and time for every incident, as a faust worker."""

from __future__ import annotations

from prometheus_client import CollectorRegistry

from embrace.settings import Settings
from embrace.taxonomy import Taxonomy
from services.cli.bootstrap import enrich_context
from services.cli.serve import Say
from services.cli.serve.worker import run_worker, runner
from services.cli.stores import open_sql_store
from services.enrich.stages import build_stages


def run(settings: Settings, say: Say) -> None:
    sql_store = open_sql_store(settings)
    stages = build_stages(enrich_context(settings, Taxonomy.load(settings.taxonomy_extra), sql_store))
    registry = CollectorRegistry()
    try:
        run_worker(runner("embrace-enrich", stages, settings, registry), settings, say, registry)
    finally:
        sql_store.close()
