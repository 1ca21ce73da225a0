"""`embrace kafka start|stop|status`: real Apache Kafka (KRaft) without Docker, one node or a cluster.

One node keeps its files in the directory itself. A cluster of N keeps node ``i`` in ``node-i``, on ports
``port + 2(i-1)`` (clients) and the next (controller); every node is broker and controller at once, so
the controller quorum is the N nodes, and it stands while a majority does. With three or more nodes the
internal topics and the platform's get three replicas and need two in sync to accept a write. The jars
come from Maven Central once (jars.py); each node runs on Java 17, bound to 127.0.0.1 with a
bounded heap.
"""

from __future__ import annotations

import subprocess
import time
from dataclasses import replace
from pathlib import Path
from string import Template

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.topic_admin import brokers_answering, replication
from embrace.errors import OperatorError
from services.cli.kafka.directory import ADMIN_USER, Broker, admin_password, cluster_id
from services.cli.kafka.jars import KAFKA_VERSION, deploy_dir, java_binary, resolve_jars
from services.cli.kafka.node import Node, free_port_pair, require_free, stop_together

__all__ = ["KAFKA_VERSION", "Broker", "free_port_pair", "start", "stop"]


def start(
    base: Path,
    port: int | None = None,
    *,
    brokers: int = 1,
    heap: str = "512m",
    timeout: float = 120.0,
    secure: bool = False,
    tls: Path | None = None,
) -> KafkaConnection:
    """Start the nodes in ``base`` that do not run; return how its administrator reaches them. ``port``:
    the first node's client port (default: where it ran before, else 9092).

    ``secure``: SASL/SCRAM-SHA-512 and ACLs (StandardAuthorizer), the administrator the only super user;
    over TLS with the certificates in ``tls`` (``server.pem``, ``ca.pem``). A directory keeps the mode
    and the number of nodes it was first started with."""
    broker = Broker(base.resolve())
    nodes = broker.nodes(port, brokers)
    if len(nodes) != brokers:
        raise OperatorError(f"{broker.base} holds a Kafka of {len(nodes)} node(s); start it so, or remove "
                            "the directory to begin anew")  # fmt: skip
    idle = [node for node in nodes if node.running_pid() is None]
    if not idle:
        return broker.access()
    if tls is not None and not (secure and (tls / "server.pem").exists() and (tls / "ca.pem").exists()):
        raise OperatorError(f"--tls needs --secure, and {tls} to hold server.pem (key and chain) and ca.pem")
    for node in idle:
        require_free(node.port)
        require_free(node.port + 1)
    broker.base.mkdir(parents=True, exist_ok=True)
    password = admin_password(broker, secure, any(node.formatted for node in nodes))
    launched = _launch(broker, nodes, idle, password, tls, heap)
    broker.bootstrap_file.write_text(",".join(f"127.0.0.1:{node.port}" for node in nodes))
    _wait_until_answering(broker, launched, len(nodes), timeout)
    return broker.access()


def _launch(broker: Broker, nodes: list[Node], idle: list[Node], password: str, tls: Path | None,
            heap: str) -> list[tuple[Node, subprocess.Popen[bytes]]]:  # fmt: skip
    """Configure, format when new, and start each idle node; every node in one cluster id."""
    java = [java_binary(), f"-Dlog4j.configuration=file:{deploy_dir() / 'log4j.properties'}",
            "-cp", f"{resolve_jars()}/*"]  # fmt: skip
    formed_as = cluster_id(broker)
    scram = f"SCRAM-SHA-512=[name={ADMIN_USER},password={password}]" if password else ""
    launched = []
    for node in idle:
        node.base.mkdir(parents=True, exist_ok=True)
        _write_config(broker, node, nodes, password, tls)
        if not node.formatted:
            node.format(java, formed_as, scram)
        launched.append((node, node.launch(java, heap)))
    return launched


def stop(base: Path, timeout: float = 60.0, *, kill: bool = False) -> bool:
    """Stop every node in ``base``: SIGTERM for a clean shutdown, SIGKILL if it hangs (or at once,
    ``kill``, for a cluster thrown away). False if none ran."""
    broker = Broker(base.resolve())
    return stop_together(broker.nodes(), timeout, kill=kill)


def _write_config(broker: Broker, node: Node, nodes: list[Node], password: str, tls: Path | None) -> None:
    """The node's properties from deploy/kafka's templates: plain, secure, or secure over TLS."""
    replicas, in_sync = replication(len(nodes))
    voters = ",".join(f"{n.id}@127.0.0.1:{n.port + 1}" for n in nodes)
    config = {"port": node.port, "controller_port": node.port + 1, "data_dir": node.data, "bind": "127.0.0.1",
              "host": "127.0.0.1", "admin_user": ADMIN_USER, "admin_password": password,
              "tls_dir": tls and tls.resolve(), "node_id": node.id, "voters": voters, "replicas": replicas,
              "min_isr": in_sync}  # fmt: skip
    parts = ["server.properties.template", *(["security.properties.template"] if password else []),
             *(["tls.properties.template"] if tls else [])]  # fmt: skip
    if tls:
        broker.ca_file.write_text(str((tls / "ca.pem").resolve()))
    else:
        broker.ca_file.unlink(missing_ok=True)
    templates = (Template((deploy_dir() / part).read_text()) for part in parts)
    node.config.write_text("\n".join(template.substitute(config) for template in templates))


def _wait_until_answering(broker: Broker, launched: list[tuple[Node, subprocess.Popen[bytes]]], count: int,
                          timeout: float) -> None:  # fmt: skip
    """Until every node lists every node as a broker (so that topics made next get all their replicas),
    or one exits."""
    access = broker.access()
    everyone = [replace(access, bootstrap=address) for address in access.bootstrap.split(",")]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for node, process in launched:
            if (failed := node.exited_at_start(process)) is not None:
                raise failed
        if all(brokers_answering(one) >= count for one in everyone):
            return
        time.sleep(0.5)
    raise OperatorError(f"Kafka did not answer with {count} broker(s) within {timeout:.0f} s; see "
                        f"{', '.join(str(node.log) for node, _ in launched)}")  # fmt: skip
