"""Who may do what on Kafka, read off the stages: each principal gets what its stages use and no more;
an inbox speaks for its own tenant and organisation only, on either runner."""

from __future__ import annotations

import pytest
from kafka.admin import ACLOperation, ResourceType
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.kafka_connection import KafkaConnection, derived_password
from embrace.bus.kafka_principals import Grant, integrator_grants, relay_grants, stage_grants
from embrace.bus.metrics import BusMetrics
from embrace.bus.stages import Sink, Stage, Transform, one_by_one
from embrace.contracts import DeadLetter, IncidentReport
from embrace.inboxes import INBOXES, inbox
from embrace.record import Record
from embrace.sqlstore import SqlStore
from embrace.sqlstore.outbox import enqueue
from embrace.topics import ENRICHED_REPORTS, INCIDENT_REPORTS, dead_letters
from tests.support.builders import report
from tests.support.toy_bus import NUMBERS, Number, double

READ, WRITE, TOPIC = ACLOperation.READ, ACLOperation.WRITE, ResourceType.TOPIC


def topics(grants: set[Grant], operation: ACLOperation) -> set[str]:
    return {
        g.name + ("*" if g.prefixed else "")
        for g in grants
        if g.resource == TOPIC and g.operation == operation
    }


def test_a_worker_reads_what_its_stages_consume_and_writes_where_they_publish() -> None:
    enrich = Transform(
        "enrich-reports", (INCIDENT_REPORTS, INBOXES), lambda _: [], outputs=(ENRICHED_REPORTS,)
    )
    grants = stage_grants([enrich], "ns.", "embrace-enrich")
    assert topics(grants, READ) == {"ns.embrace.incident-reports.v1", "ns.embrace.inbox.*"}
    assert topics(grants, WRITE) == {
        "ns.embrace.reports-enriched.v1",
        "ns.embrace.dead-letters.enrich-reports.v1",
    }
    assert Grant(ResourceType.GROUP, "ns.embrace-enrich", READ, prefixed=True) in grants


def test_the_relay_writes_the_outbox_topics_and_an_integrator_its_own_inbox_only() -> None:
    assert "embrace.incident-reports.v1" in topics(relay_grants(""), WRITE)
    assert not topics(relay_grants(""), READ)
    mine = integrator_grants("", inbox("0180", "bostader"))
    assert mine == {Grant(TOPIC, "embrace.inbox.0180.bostader.v1", WRITE)}


def test_a_stage_may_not_publish_where_it_did_not_say() -> None:
    letters: list[DeadLetter] = []
    undeclared = Transform("double", (NUMBERS,), one_by_one(double))  # its outputs left out
    bus = InProcessBus([undeclared, Sink("letters", (dead_letters("double"),), letters.extend)],
                       BusMetrics(CollectorRegistry()))  # fmt: skip
    bus.publish([NUMBERS.record(Number(value=2))])
    assert "emitted to test.doubled, not among its outputs" in letters[0].reason


def test_only_the_outbox_topics_go_onto_the_outbox() -> None:
    sql_store = SqlStore.connect("sqlite://")
    sql_store.migrate()
    with pytest.raises(ValueError, match="not a topic of the outbox"), sql_store.session() as session:
        enqueue(session, [Record(ENRICHED_REPORTS.name, b"key", b"{}")])


def test_an_inbox_record_speaking_for_another_organisation_is_a_dead_letter() -> None:
    heard: list[IncidentReport] = []
    letters: list[DeadLetter] = []
    stages: list[Stage] = [Sink("hear", (INBOXES,), heard.extend),
              Sink("letters", (dead_letters("hear"),), letters.extend)]  # fmt: skip
    bus = InProcessBus(stages, BusMetrics(CollectorRegistry()))
    own, other = inbox("0180", "bostader"), report(tenant="0180", organisation="vakt")
    bus.publish([own.record(report(tenant="0180", organisation="bostader")), own.record(other)])
    assert [r.organisation for r in heard] == ["bostader"]
    (letter,) = letters
    assert letter.reason.endswith("organisation: embrace.inbox.0180.bostader.v1 speaks for organisation "
                                  "bostader only, not vakt")  # fmt: skip


def test_clients_sign_in_as_the_service_with_a_derived_password_and_tls_when_given_a_ca() -> None:
    plain = KafkaConnection("a:1,b:2").client_options()
    assert plain == {"bootstrap_servers": ["a:1", "b:2"], "security_protocol": "PLAINTEXT"}
    signed = KafkaConnection("a:1", "embrace-enrich", "pw", ca_file="/ca.pem").client_options()
    assert (signed["security_protocol"], signed["sasl_mechanism"], signed["ssl_cafile"]) == (
        "SASL_SSL",
        "SCRAM-SHA-512",
        "/ca.pem",
    )
    assert derived_password("s", "embrace-enrich") != derived_password("s", "embrace-ingest")
