"""Every route the reporting service serves, in one list: whoever holds the warehouse serves them."""

from __future__ import annotations

from fastapi import APIRouter

from services.reporting import app_pages
from services.reporting.delivery import api as delivery
from services.reporting.effects import api as effects
from services.reporting.quarterly import api as quarterly
from services.reporting.stats import api as stats
from services.reporting.weekly import api as weekly

ROUTERS: list[APIRouter] = [
    stats.router,  # GET /v1/stats/weekly, /v1/stats/series, /v1/incidents/export
    weekly.router,  # GET /v1/situation/weekly, /v1/situation/weekly/region
    quarterly.router,  # GET /v1/situation/quarterly
    effects.router,  # GET /v1/interventions/{id}/effect
    delivery.router,  # GET /v1/situation/archive, /v1/subscriptions/unsubscribe
    app_pages.router,  # GET /app/lagesbild, /app/lagesbild/kvartal
]
