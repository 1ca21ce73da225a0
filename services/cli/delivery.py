"""Publishing what an import queued in the outbox, whichever way this deployment runs.

On Kafka the records go to the topics. Embedded, they go through the in-process pipeline into the
warehouse, unless a running `embrace run` owns that warehouse: its relay then publishes them, and
opening the store here would only fail.
"""

from __future__ import annotations

from collections.abc import Callable

from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.errors import StoreInUse
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.warehouse import Warehouse
from services.cli.bootstrap import outbox_relay, pipeline_stages
from services.cli.stores import open_warehouse
from services.ingest.relay import OutboxRelay

Say = Callable[[str], None]


class Delivery:
    def __init__(self, settings: Settings, sql_store: SqlStore, taxonomy: Taxonomy, say: Say) -> None:
        self._say = say
        self._warehouse: Warehouse | None = None
        self._relay: OutboxRelay | None = None
        self.registry = registry = CollectorRegistry()
        if settings.uses_kafka:
            self._where = f"Kafka at {settings.kafka_bootstrap}"
            self._relay = outbox_relay(settings, sql_store, registry, client_id="embrace-import")
            return
        try:
            self._warehouse = open_warehouse(settings)
        except StoreInUse:
            self._where = ""
            say(f"a running system owns {settings.home.resolve()}: its relay publishes what is imported")
            return
        bus = InProcessBus(
            pipeline_stages(settings, taxonomy, self._warehouse, sql_store), BusMetrics(registry)
        )
        self._where = f"the warehouse at {settings.warehouse_dsn}"
        self._relay = outbox_relay(settings, sql_store, registry, bus=bus)

    def publish(self) -> None:
        if self._relay is not None:
            count = self._relay.drain()
            if count:
                self._say(f"published {count} records to {self._where}")

    def close(self) -> None:
        if self._relay is not None:
            self._relay.stop()
        if self._warehouse is not None:
            self._warehouse.close()
