"""`embrace serve ingest`: the reporting API and web app, and the relay of their outbox to Kafka."""

from __future__ import annotations

from functools import partial

from prometheus_client import CollectorRegistry

from embrace.bus.topic_admin import kafka_answers
from embrace.settings import Settings
from services.cli.bootstrap import outbox_relay
from services.cli.http_app import ingest_routers, served_app
from services.cli.http_server import bind, serve_http
from services.cli.serve import Say
from services.cli.stores import open_sql_store


def run(settings: Settings, say: Say) -> None:
    sock = bind(settings.http_host, settings.http_port)
    registry = CollectorRegistry()
    sql_store = open_sql_store(settings)
    relay = outbox_relay(settings, sql_store, registry, client_id="embrace-ingest-relay")
    app = served_app(
        settings, registry, sql_store=sql_store, routers=ingest_routers(), wake_relay=relay.wake, web=True,
        probes={"sql": sql_store.ping, "kafka": lambda: kafka_answers(settings.kafka),
                "pipeline": partial(relay.flowing, settings.stall_seconds)},
    )  # fmt: skip
    relay.start()
    say(f"ingest is serving http://{settings.http_host}:{sock.getsockname()[1]} and relaying to Kafka")
    try:
        serve_http(app, sock)
    finally:
        relay.stop()
        sql_store.close()
