"""Where the reports an integrator sent went missing, for a pipeline test whose count fell short: each
stage they pass through, and where each consumer group stands on the topics between."""

from __future__ import annotations

import json
from collections.abc import Callable

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition

from embrace.bus.kafka_connection import KafkaConnection
from embrace.topics import ENRICHED_REPORTS, INCIDENT_REPORTS
from embrace.warehouse import Warehouse
from tests.support.kafka_pipeline import KafkaPipeline

# Each week's count by the rollups beside its count of the incidents themselves.
ROLLED_AND_KEPT = """
SELECT iso_week, sum(rolled), sum(kept), max(pending) FROM (
    SELECT iso_week, sum(incidents) AS rolled, 0 AS kept, 0 AS pending FROM {db}.weekly_counts FINAL
    GROUP BY iso_week
    UNION ALL SELECT iso_week, 0, count(), 0 FROM {db}.current_incidents GROUP BY iso_week
    UNION ALL SELECT iso_week, 0, 0, countIf(NOT done) FROM {db}.rollup_pending FINAL GROUP BY iso_week
) GROUP BY iso_week ORDER BY iso_week
"""
LETTERS_FROM_INBOXES = "SELECT key, reason FROM {db}.dead_letters FINAL WHERE source_topic LIKE '%inbox%'"
# Every row written of these reports, deleted or not (a row written and then replaced shows here).
WRITTEN = """
SELECT toString(report_id), report_version, is_deleted, count() FROM {db}.incidents
WHERE report_id IN {ids:Array(UUID)} GROUP BY ALL ORDER BY ALL
"""


def unread_inbox(
    pipeline: KafkaPipeline, access: KafkaConnection, namespace: str, sent: dict[str, tuple[int, int]]
) -> str:
    """Where the reports sent to an inbox (id: inbox partition, offset) stopped: which never reached the
    enriched topic, which reached it but not the warehouse's incidents (and any row written of them),
    which were parked as dead letters and why, whether the weekly rollups agree with the incidents, and
    where the groups reading the inboxes and the enriched topic stand."""
    warehouse = Warehouse.connect(pipeline.warehouse_dsn, "embrace")
    try:
        kept = {str(r) for (r,) in warehouse.query("SELECT DISTINCT report_id FROM {db}.current_incidents")}
        missing = {report: place for report, place in sent.items() if report not in kept}
        written = warehouse.query(WRITTEN, {"ids": sorted(missing)}) if missing else []
        weeks = warehouse.query(ROLLED_AND_KEPT)
        letters = warehouse.query(LETTERS_FROM_INBOXES)
    finally:
        warehouse.close()
    enriched = _enriched_ids(access, namespace, set(missing))
    return "\n".join((
        f"inbox reports not in the incidents (inbox partition, offset): {sorted(missing.values())}",
        f"of them on the enriched topic (partition, offset): {sorted(enriched.values())}",
        f"rows written of them (report, version, deleted, rows): {written}",
        f"dead letters of inbox reports (key, reason): {letters}",
        f"(week, rolled up, incidents, slices pending): {weeks}",
        _committed(access, lambda group: group.endswith("enrich-reports"), "inbox"),
        where_groups_stand(access),
    ))  # fmt: skip


def where_groups_stand(access: KafkaConnection) -> str:
    """Where the enrich and aggregate groups committed on the topics they read, beside their ends: a
    group behind has not read what came; a group at the end has, and what is missing was skipped."""
    return "\n".join((
        _committed(access, lambda group: group.endswith("embrace-enrich"), INCIDENT_REPORTS.name),
        _committed(access, lambda group: group.endswith("embrace-aggregate"), ENRICHED_REPORTS.name),
    ))  # fmt: skip


def _enriched_ids(access: KafkaConnection, namespace: str, wanted: set[str]) -> dict[str, tuple[int, int]]:
    """Where the enriched topic holds these reports: (partition, offset) by report id."""
    consumer = KafkaConsumer(namespace + ENRICHED_REPORTS.name, **access.client_options(),
                             auto_offset_reset="earliest", consumer_timeout_ms=3000)  # fmt: skip
    try:
        return {
            report: (m.partition, m.offset)
            for m in consumer
            if (report := json.loads(m.value)["report_id"]) in wanted
        }
    finally:
        consumer.close()


def _committed(access: KafkaConnection, chosen: Callable[[str], bool], topic: str) -> str:
    """Where the chosen groups committed on the topics whose names hold ``topic``, beside their ends:
    (group, partition, committed, end), committed None where a group never committed."""
    admin = KafkaAdminClient(**access.client_options())
    consumer = KafkaConsumer(**access.client_options())
    try:
        groups = [g["group_id"] for g in admin.list_groups() if chosen(g["group_id"])]
        at = {(group, tp): o.offset for group, offsets in admin.list_group_offsets(groups).items()
              for tp, o in offsets.items() if topic in tp.topic}  # fmt: skip
        read = {(group, tp.topic) for group, tp in at}  # a topic a group committed on, anywhere
        every = sorted((group, TopicPartition(name, partition)) for group, name in read
                       for partition in consumer.partitions_for_topic(name) or ())  # fmt: skip
        ends = consumer.end_offsets([tp for _, tp in every])
        return f"{topic}: " + str([(g, tp.partition, at.get((g, tp)), ends[tp]) for g, tp in every])
    except Exception as exc:  # a diagnosis must not hide the failure it explains
        return f"{topic}: committed offsets unknown ({exc!r})"
    finally:
        consumer.close()
        admin.close()
