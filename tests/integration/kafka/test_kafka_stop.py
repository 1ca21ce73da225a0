"""Stopping a cluster's nodes together: a node left waiting for a quorum that is gone is not waited on.

The nodes here are stand-in processes (Kafka's main class on their command line, as a node's pid check
wants): two stop on SIGTERM, one ignores it, as a Kafka node does while it waits for controllers that
have already exited to approve its controlled shutdown."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from services.cli.kafka import node as kafka_node
from services.cli.kafka.node import Node

READY = "print('ready', flush=True)\nwhile True: time.sleep(1)"
OBEYS = f"import time\n{READY}"
HANGS = f"import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n{READY}"


def stand_in(tmp_path: Path, node_id: int, script: str) -> tuple[Node, subprocess.Popen[bytes]]:
    node = Node(tmp_path / f"node-{node_id}", node_id, 0)
    node.base.mkdir()
    process = subprocess.Popen([sys.executable, "-c", script, "kafka.Kafka"], stdout=subprocess.PIPE)
    node.pid_file.write_text(str(process.pid))
    assert process.stdout is not None
    assert process.stdout.readline() == b"ready\n"  # its signal handler in place, however slow the start
    return node, process


def test_the_last_node_of_a_lost_quorum_is_killed_after_the_grace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kafka_node, "QUORUM_LOST_GRACE", 1.0)
    started = [stand_in(tmp_path, 1, OBEYS), stand_in(tmp_path, 2, OBEYS), stand_in(tmp_path, 3, HANGS)]
    began = time.monotonic()
    assert kafka_node.stop_together([node for node, _ in started], timeout=60)
    assert time.monotonic() - began < 10
    ended = [process.wait(5) for _, process in started]  # the stop reaps those that exit (code 0 here)
    assert -9 not in ended[:2]
    assert ended[2] == -9
    assert not any(node.pid_file.exists() for node, _ in started)


def test_a_node_alone_gets_the_whole_timeout_before_it_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kafka_node, "QUORUM_LOST_GRACE", 0.1)
    node, process = stand_in(tmp_path, 1, HANGS)
    began = time.monotonic()
    assert node.stop(timeout=2)
    assert 2 <= time.monotonic() - began < 5
    assert process.wait(5) == -9
