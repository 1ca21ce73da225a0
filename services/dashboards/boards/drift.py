"""Drift: the platform's own health from Prometheus: throughput, latency, lag, dead letters, backlogs."""

from __future__ import annotations

from grafana_foundation_sdk.builders import timeseries
from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.boards.frame import DRIFT
from services.dashboards.queries import PROMETHEUS, promql

PANELS = (
    ("Meddelanden per sekund", "Messages each stage consumed, by outcome.",
     "sum by (stage, outcome) (rate(embrace_stage_messages_total[5m]))", "{{stage}} {{outcome}}", "ops"),
    ("Döda brev per timme", "Messages set aside as dead letters, by stage and reason.",
     'sum by (stage, outcome) (increase(embrace_stage_messages_total{outcome!="ok"}[1h]))',
     "{{stage}} {{outcome}}", "short"),
    ("Bearbetningstid p95", "95th percentile of the time a stage spends on a message or a sink batch.",
     "histogram_quantile(0.95, sum by (le, stage) (rate(embrace_stage_seconds_bucket[5m])))",
     "{{stage}}", "s"),
    ("Konsumentfördröjning", "Records on Kafka not yet consumed, by consumer group and topic.",
     "sum by (group, topic) (embrace_consumer_lag)", "{{group}} {{topic}}", "short"),
    ("Gruppernas eftersläpning", "Records each consumer group has yet to commit, as Kafka keeps its "
     "offsets: a line that stands still above zero is a stuck group (EmbraceGroupStuck).",
     "max by (group, topic) (embrace_group_end - embrace_group_committed)", "{{group}} {{topic}}", "short"),
    ("Utkorgen", "Records waiting in the outbox, and the age of the oldest.",
     "embrace_outbox_backlog", "väntar", "short"),
    ("Äldsta i utkorgen", "Seconds the oldest record has waited in the outbox.",
     "embrace_outbox_oldest_seconds", "sekunder", "s"),
    ("Sänkor: oskrivet", "How long each sink has held records it could not write yet.",
     "embrace_sink_unwritten_seconds", "{{stage}}", "s"),
    ("Sänkor: rader per batch", "Median rows of a sink batch.",
     "histogram_quantile(0.5, sum by (le, stage) (rate(embrace_sink_batch_rows_bucket[5m])))", "{{stage}}",
     "short"),
    ("Larm", "Spike alerts raised, updated, withdrawn and closed per hour.",
     'sum(increase(embrace_stage_emitted_total{stage="sink-incidents", topic=~".*alerts.*"}[1h]))', "larm",
     "short"),
    ("Rapporter", "Reports made and archived per hour, by kind.",
     "sum by (kind) (increase(embrace_report_runs_total[1h]))", "{{kind}}", "short"),
    ("Rapportmejl", "Report and alert mails sent per hour, by kind.",
     "sum by (kind) (increase(embrace_report_mails_total[1h]))", "{{kind}}", "short"),
    ("HTTP-svar per sekund", "Requests answered, by route and status.",
     "sum by (route, status) (rate(embrace_http_requests_total[5m]))", "{{route}} {{status}}", "reqps"),
)  # fmt: skip


def drift() -> Dashboard:
    board = (
        Dashboard("Drift").uid(DRIFT).description("The platform's own metrics, scraped by Prometheus from "
        "every service and worker: throughput, latency, consumer lag, dead letters, outbox and sinks, "
        "alerts.")
        .tags(["embrace"]).time("now-6h", "now").timezone("browser").refresh("1m").editable()
    )  # fmt: skip
    for title, description, expr, legend, unit in PANELS:
        board = board.with_panel(
            timeseries.Panel().title(title).description(description).datasource(PROMETHEUS)
            .with_target(promql(expr, legend)).unit(unit).span(12).height(8)
        )  # fmt: skip
    return board
