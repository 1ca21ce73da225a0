"""`embrace serve <service>`: each service alone, talking to the others through Kafka topics.

A service's stack lives in the module of its name here, and a process loads only the one it runs:
`embrace serve enrich` is ready after about 2 CPU-s, where loading every service's stack took 3.5.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from embrace.bus.topic_admin import ensure_topics
from embrace.errors import OperatorError, StoreUnavailable
from embrace.settings import Settings

Say = Callable[[str], None]
SERVICES = ("ingest", "enrich", "aggregate", "reporting")  # each a module here


def serve(service: str, settings: Settings, say: Say) -> None:
    if not settings.uses_kafka and service != "reporting":
        raise OperatorError(
            "EMBRACE_KAFKA_BOOTSTRAP is not set: `embrace serve` runs a service on Kafka "
            "(host:port of a broker, e.g. from `embrace kafka start`); `embrace run` runs embedded"
        )
    if settings.uses_kafka and not settings.kafka_username:  # a service's own principal may not create
        _create_topics(service, settings, say)
    importlib.import_module(f"{__name__}.{service}").run(settings, say)


def _create_topics(service: str, settings: Settings, say: Say) -> None:
    try:
        created = ensure_topics(
            settings.kafka,
            namespace=settings.topic_namespace,
            replication_factor=settings.kafka_replication,
        )
    except StoreUnavailable:
        if service != "ingest":
            raise
        # Ingest accepts reports while Kafka is down; its relay publishes them once it is back.
        created = []
        say(f"Kafka at {settings.kafka_bootstrap} does not answer yet; reports are kept until it does")
    if created:
        say(f"created {len(created)} topics on {settings.kafka_bootstrap}")
