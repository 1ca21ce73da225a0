"""The faust app a worker runs its agents in: its consumer group, its producer's batching and durability,
how quickly a dead worker's partitions move on."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import faust

from embrace.bus.aiokafka_offset_fetch import read_group_errors
from embrace.bus.kafka_connection import REBALANCE_SECONDS, SESSION_SECONDS, KafkaConnection, access


def create_app(app_id: str, kafka: KafkaConnection | str, **overrides: Any) -> faust.App:
    """``app_id`` is also the consumer group: namespace it as the topics are."""
    options: dict[str, Any] = {
        **access(kafka).faust_options(),
        "key_serializer": "raw",
        "value_serializer": "raw",
        "topic_allow_declare": False,  # topics are created by `embrace topics create` with our settings
        "topic_disable_leader": True,
        "web_enabled": False,
        "store": "memory://",
        # Tables live in memory, yet faust still makes a data directory: keep it out of the working tree.
        "datadir": str(_data_home() / "{conf.name}-data"),
        "processing_guarantee": "at_least_once",
        # A rebalance or a stop does not wait for the batches under way: an agent acknowledges a batch only
        # once it is done (faust_batches.py), so one cut short is read again, and the sinks are idempotent.
        # Waiting would hold a stop for as long as a sink's store is down.
        "stream_wait_empty": False,
        "producer_acks": -1,
        # Batch what a transform emits: without a linger every output is its own produce request, and
        # an enriched report (about 12 KB for ten incidents) would not share aiokafka's default 16 KB
        # batch with another. Kept under the broker's default 1 MB message limit.
        "producer_linger": 0.01,
        "producer_max_batch_size": 512 * 1024,
        "consumer_auto_offset_reset": "earliest",
        "broker_commit_every": 1000,
        "broker_commit_interval": 1.0,
        "broker_session_timeout": SESSION_SECONDS,
        "broker_rebalance_timeout": REBALANCE_SECONDS,
    }
    options.update(overrides)
    read_group_errors()  # else a coordinator's move can read as a group that never committed
    return faust.App(app_id, **options)


def _data_home() -> Path:
    home = Path(tempfile.gettempdir()) / "embrace-faust"
    home.mkdir(exist_ok=True)  # faust makes only the last directory of the path
    return home
