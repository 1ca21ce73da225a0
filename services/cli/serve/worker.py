"""A service's stages as a faust worker on Kafka: enrich and aggregate run one."""

from __future__ import annotations

import logging
import os
import sys
import threading
import time

import faust
from prometheus_client import CollectorRegistry, start_http_server

from embrace.bus.faust_app import create_app
from embrace.bus.faust_runner import FaustRunner
from embrace.bus.garbage_collector import settle_heap
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Stage
from embrace.settings import Settings
from services.cli.serve import Say

log = logging.getLogger(__name__)
STOP_GRACE = 20.0  # seconds from a stop signal to the process's end at the latest; a clean stop takes 1-2


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
    threading.Thread(target=_end_a_stop_that_hangs, args=(worker,), name="stop-watch", daemon=True).start()
    try:
        worker.execute_from_commandline()
    except SystemExit as exit_:
        if exit_.code not in (None, 0):
            raise
    finally:
        runner.stop_following()


def _end_a_stop_that_hangs(worker: faust.Worker) -> None:
    """With no broker to answer, faust's consumer thread can die as it stops (aiokafka's fetcher is
    cancelled in its retry) and the worker then waits for it for ever. So once a stop has begun, the
    process ends after STOP_GRACE at the latest: the offsets it could not commit are read again, and the
    sinks absorb the repeat."""
    while not worker.should_stop:
        time.sleep(0.5)
    time.sleep(STOP_GRACE)
    log.error("the worker did not stop within %.0f s (is Kafka reachable?); ending the process", STOP_GRACE)
    logging.shutdown()
    os._exit(1)
