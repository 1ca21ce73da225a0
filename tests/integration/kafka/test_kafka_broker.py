"""`embrace kafka start|stop|status` with a real broker of its own."""

from __future__ import annotations

import base64
import os
import socket
from pathlib import Path

import pytest

from embrace.bus.topic_admin import kafka_answers
from embrace.errors import OperatorError
from services.cli.kafka import broker, directory
from services.cli.main import main
from tests.support.network import free_port

pytestmark = pytest.mark.kafka


def two_free_ports() -> int:
    for _ in range(50):
        port = free_port()
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise AssertionError("no two consecutive free ports")


def test_a_broker_starts_answers_and_stops_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], kafka_bootstrap: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # kafka_bootstrap first: the jars are then resolved, and this test measures only the broker itself.
    port = two_free_ports()
    monkeypatch.setenv("EMBRACE_KAFKA_JVM_OPTIONS", "-XX:+UseSerialGC -Dembrace.test='one word'")
    assert (
        main(["kafka", "start", "--dir", str(tmp_path), "--port", str(port), "--no-topics", "--heap", "300m"])
        == 0
    )
    out = capsys.readouterr().out
    assert f"bootstrap: 127.0.0.1:{port}" in out
    assert kafka_answers(f"127.0.0.1:{port}")
    [node] = broker.Broker(tmp_path).nodes()
    jvm = Path(f"/proc/{node.running_pid()}/cmdline").read_text().split("\0")
    assert {"-Xmx300m", "-XX:+UseSerialGC", "-Dembrace.test=one word"} <= set(jvm)
    assert main(["kafka", "status", "--dir", str(tmp_path)]) == 0
    assert f"at 127.0.0.1:{port}" in capsys.readouterr().out
    # A second start in the same directory finds the running broker instead of starting another.
    assert broker.start(tmp_path, port).bootstrap == f"127.0.0.1:{port}"
    assert main(["kafka", "stop", "--dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out == "stopped Kafka\n"
    assert not kafka_answers(f"127.0.0.1:{port}")
    assert main(["kafka", "status", "--dir", str(tmp_path)]) == 2


def test_a_stale_pid_file_is_cleared_not_trusted(tmp_path: Path) -> None:
    [node] = broker.Broker(tmp_path).nodes()
    node.pid_file.write_text(str(os.getpid()))  # alive, but not a broker
    assert node.running_pid() is None
    assert not node.pid_file.exists()
    assert broker.stop(tmp_path) is False


def test_a_port_in_use_is_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(OperatorError, match=f"port {port} on 127.0.0.1 is in use"):
            broker.start(tmp_path, port)


def test_a_cluster_id_that_begins_with_a_dash_formats_and_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kafka_bootstrap: str
) -> None:
    # One random id in 64 begins with "-" (first byte 0xF8-0xFB); StorageTool once read it as an option.
    dashed = base64.urlsafe_b64encode(b"\xf8" + os.urandom(15)).decode().rstrip("=")
    assert dashed.startswith("-")
    monkeypatch.setattr(directory, "new_cluster_id", lambda: dashed)
    port = two_free_ports()
    try:
        assert broker.start(tmp_path, port).bootstrap == f"127.0.0.1:{port}"
        assert f"cluster.id={dashed}" in (tmp_path / "data" / "meta.properties").read_text()
        assert kafka_answers(f"127.0.0.1:{port}")
    finally:
        broker.stop(tmp_path)
