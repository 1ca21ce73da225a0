"""Every route the reporting service serves, in one list: whoever holds the warehouse serves them."""

from __future__ import annotations

from fastapi import APIRouter

from services.reporting import app_pages
from services.reporting.delivery import api as delivery
from services.reporting.effects import api as effects
from services.reporting.feedback import api as feedback
from services.reporting.feedback import pages as feedback_pages
from services.reporting.forecast import api as forecast
from services.reporting.hotspots import api as hotspots
from services.reporting.meetings import api as meetings
from services.reporting.meetings import pages as meeting_pages
from services.reporting.meetings import quarter_pages
from services.reporting.problems import api as problems
from services.reporting.problems import pages as problem_pages
from services.reporting.quarterly import api as quarterly
from services.reporting.stats import api as stats
from services.reporting.tasks import api as tasks
from services.reporting.tasks import pages as task_pages
from services.reporting.weekly import api as weekly

ROUTERS: list[APIRouter] = [
    stats.router,  # GET /v1/stats/weekly, /v1/stats/series, /v1/incidents/export
    weekly.router,  # GET /v1/situation/weekly, /v1/situation/weekly/region
    quarterly.router,  # GET /v1/situation/quarterly
    effects.router,  # GET /v1/interventions/{id}/effect
    hotspots.router,  # GET /v1/hotspots, /v1/hotspots/emerging
    forecast.router,  # GET /v1/forecast
    delivery.router,  # GET /v1/situation/archive, /v1/subscriptions/unsubscribe
    problems.router,  # POST, GET /v1/problems; GET, PATCH /v1/problems/{id}
    meetings.router,  # GET, POST /v1/meetings/weekly/{week}, /v1/meetings/quarterly/{quarter}
    tasks.router,  # GET /v1/tasks; PATCH, DELETE /v1/tasks/{id}
    feedback.router,  # GET /v1/feedback
    app_pages.router,  # GET /app/lagesbild, /app/lagesbild/kvartal
    problem_pages.router,  # GET, POST /app/problems; GET, POST /app/problems/{id}
    meeting_pages.router,  # GET, POST /app/meeting; POST /app/meeting/decisions/strike
    quarter_pages.router,  # GET, POST /app/meeting/quarterly
    task_pages.router,  # GET /app/tasks; POST /app/tasks/{id}, /app/tasks/{id}/withdraw
    feedback_pages.router,  # GET /app/feedback
]
