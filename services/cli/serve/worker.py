"""A service's stages as a faust worker on Kafka: enrich and aggregate run one."""

from __future__ import annotations

import logging
import sys

import faust
from prometheus_client import CollectorRegistry, start_http_server

from embrace.bus.faust_runner import FaustRunner, create_app
from embrace.bus.garbage_collector import settle_heap
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Stage
from embrace.settings import Settings
from services.cli.serve import Say


def runner(app_id: str, stages: list[Stage], settings: Settings, registry: CollectorRegistry) -> FaustRunner:
    app = create_app(settings.topic_namespace + app_id, settings.kafka)
    return FaustRunner(
        app, stages, BusMetrics(registry), namespace=settings.topic_namespace, kafka=settings.kafka
    )


def run_worker(runner: FaustRunner, settings: Settings, say: Say, registry: CollectorRegistry) -> None:
    app = runner.app
    runner.follow()
    if settings.metrics_port:
        start_http_server(settings.metrics_port, addr=settings.http_host, registry=registry)
    app_id = app.conf.id.removeprefix(settings.topic_namespace)
    say(f"{app_id} is consuming from {settings.kafka_bootstrap} ({len(runner.agents)} stages)")
    level = logging.getLevelName(logging.getLogger().getEffectiveLevel())  # `embrace -v` shows faust's too
    worker = faust.Worker(app, loglevel=level, redirect_stdouts=False, quiet=True)
    if not sys.stdout.isatty():
        worker.spinner = None  # its terminal escapes would litter log files
    settle_heap()
    try:
        worker.execute_from_commandline()
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            raise
