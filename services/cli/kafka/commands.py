"""`embrace kafka ...`, `embrace topics create` and `embrace serve ...`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from embrace.bus.topic_admin import ensure_topics, replication
from embrace.errors import OperatorError
from embrace.settings import load_settings
from services.cli.kafka import principals
from services.cli.kafka.broker import KAFKA_VERSION, start, stop
from services.cli.kafka.directory import Broker
from services.cli.serve import SERVICES, serve

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    _register_kafka(commands, common)
    _register_topics_and_serve(commands, common)


def _register_kafka(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    kafka = commands.add_parser("kafka", help="a local Apache Kafka (KRaft) for development and CI")
    actions = kafka.add_subparsers(dest="action", required=True)
    starting = actions.add_parser("start", parents=[common], help="start Kafka (fetches the jars once)")
    starting.add_argument("--dir", type=Path, help="Kafka's directory (default <home>/kafka)")
    starting.add_argument(
        "--port",
        type=int,
        default=9092,
        help="client port; the controller uses the next one, node i of a cluster port+2(i-1)",
    )
    starting.add_argument(
        "--brokers",
        type=int,
        default=1,
        choices=(1, 3),
        help="nodes: 1, or 3 for a replicated cluster (each broker and controller)",
    )
    starting.add_argument("--heap", default="512m", help="JVM heap, e.g. 512m")
    starting.add_argument("--no-topics", action="store_true", help="do not create the platform's topics")
    starting.add_argument(
        "--secure", action="store_true", help="SASL/SCRAM-SHA-512 and ACLs; the admin password stays in --dir"
    )
    starting.add_argument("--tls", type=Path, metavar="DIR",
                       help="with --secure: TLS, DIR/server.pem (key, chain) and DIR/ca.pem")  # fmt: skip
    starting.set_defaults(handler=_start)
    for name, handler, text in (("stop", _stop, "stop every node"), ("status", _status, "is it running?")):
        sub = actions.add_parser(name, parents=[common], help=text)
        sub.add_argument("--dir", type=Path, help="Kafka's directory (default <home>/kafka)")
        sub.set_defaults(handler=handler)
    principals.register_principals(actions, common)


def _register_topics_and_serve(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    topics = commands.add_parser("topics", help="the platform's Kafka topics").add_subparsers(
        dest="action", required=True
    )
    create = topics.add_parser("create", help="create missing topics (partitions, retention, compaction)")
    create.add_argument("--bootstrap", help="host:port (default EMBRACE_KAFKA_BOOTSTRAP)")
    create.add_argument("--partitions", type=int, help="override the partitions of every data topic")
    create.add_argument(
        "--replication-factor",
        type=int,
        help="replicas of each topic (default EMBRACE_KAFKA_REPLICATION, else up to 3)",
    )
    create.set_defaults(handler=_create_topics)

    run = commands.add_parser("serve", parents=[common], help="run one service alone on Kafka")
    run.add_argument("service", choices=SERVICES)
    run.add_argument("--port", type=int, help="HTTP port of ingest, aggregate (reads) or reporting")
    run.add_argument("--host", help="address to listen on")
    run.set_defaults(handler=_serve)


def _broker_dir(args: argparse.Namespace) -> Path:
    if args.dir is not None:
        return Path(args.dir)
    return load_settings(home=args.home).home / "kafka"


def _start(args: argparse.Namespace, say: Say) -> None:
    kafka = start(_broker_dir(args), args.port, brokers=args.brokers, heap=args.heap,
                               secure=args.secure, tls=args.tls)  # fmt: skip
    if not args.no_topics:
        # As many replicas as the nodes just started hold (up to three), not as many as the node
        # asked lists at that moment: one may be fenced for a heartbeat it missed on a busy machine.
        wanted = load_settings(home=args.home).kafka_replication or replication(args.brokers)[0]
        ensure_topics(kafka, replication_factor=wanted)
    broker = Broker(_broker_dir(args).resolve())
    logs = ", ".join(str(node.log) for node in broker.nodes())
    say(f"Kafka {KAFKA_VERSION} is running at {kafka.bootstrap}: {args.brokers} node(s), logs {logs}")
    if kafka.username:
        say(f"SASL/SCRAM-SHA-512 and ACLs ({kafka.protocol}): the administrator is {kafka.username}, its "
            f"password in {broker.admin_password_file}")  # fmt: skip
    say(f"bootstrap: {kafka.bootstrap}")


def _stop(args: argparse.Namespace, say: Say) -> None:
    say("stopped Kafka" if stop(_broker_dir(args)) else "no Kafka was running there")


def _status(args: argparse.Namespace, say: Say) -> None:
    broker = Broker(_broker_dir(args).resolve())
    running = [(node, pid) for node in broker.nodes() if (pid := node.running_pid()) is not None]
    if not running:
        raise OperatorError(f"no Kafka runs in {broker.base}")
    nodes = ", ".join(f"node {node.id} (pid {pid}, port {node.port})" for node, pid in running)
    say(f"running at {broker.bootstrap()}: {nodes}")


def _create_topics(args: argparse.Namespace, say: Say) -> None:
    settings = load_settings()
    bootstrap = args.bootstrap or settings.kafka_bootstrap
    if not bootstrap:
        raise OperatorError("no broker given: pass --bootstrap host:port or set EMBRACE_KAFKA_BOOTSTRAP")
    created = ensure_topics(
        replace(settings.kafka, bootstrap=bootstrap),
        partitions=args.partitions,
        replication_factor=args.replication_factor or settings.kafka_replication,
        namespace=settings.topic_namespace,
    )
    say(f"created {len(created)} topics" + (f": {', '.join(created)}" if created else " (all existed)"))


def _serve(args: argparse.Namespace, say: Say) -> None:
    port = (
        args.port
        if args.port is not None
        else {"ingest": 8000, "aggregate": 8001, "reporting": 8002}.get(args.service)
    )
    serve(args.service, load_settings(home=args.home, http_port=port, http_host=args.host), say)
