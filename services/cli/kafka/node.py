"""One Kafka process of a local cluster: a KRaft node that is broker and controller at once, with its own
directory, ports, log and pid file; its storage formatted, its process launched and stopped."""

from __future__ import annotations

import contextlib
import os
import random
import shlex
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from embrace.errors import OperatorError


@dataclass(frozen=True)
class Node:
    base: Path
    id: int
    port: int  # for clients; its controller listens on the next one

    @property
    def config(self) -> Path:
        return self.base / "server.properties"

    @property
    def data(self) -> Path:
        return self.base / "data"

    @property
    def pid_file(self) -> Path:
        return self.base / "broker.pid"

    @property
    def log(self) -> Path:
        return self.base / "broker.log"

    @property
    def formatted(self) -> bool:
        return (self.data / "meta.properties").exists()

    def running_pid(self) -> int | None:
        """The node's pid if it runs; a pid file left by a dead process is removed."""
        if not self.pid_file.exists():
            return None
        try:
            pid = int(self.pid_file.read_text().strip())
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except (ValueError, OSError):
            cmdline = b""
        if b"kafka.Kafka" in cmdline:
            return pid
        self.pid_file.unlink(missing_ok=True)  # stale: the process is gone or is something else now
        return None

    def format(self, java_command: list[str], cluster_id: str, scram: str) -> None:
        """Format the storage; ``scram`` is the administrator's credential, or '' without security."""
        # --cluster-id=ID in one argument: given apart, an id that begins with "-" is read as an option.
        formatted = subprocess.run(
            [*java_command, "kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}",
             f"--config={self.config}", *([f"--add-scram={scram}"] if scram else [])],
            capture_output=True, text=True, check=False, timeout=120,
        )  # fmt: skip
        if formatted.returncode != 0:
            output = (formatted.stdout + formatted.stderr).strip()
            (self.base / "format.log").write_text(output)
            last = " | ".join(line.strip() for line in output.splitlines()[-2:])
            raise OperatorError(f"formatting Kafka storage failed (see {self.base / 'format.log'}): {last}")

    def launch(self, java_command: list[str], heap: str) -> subprocess.Popen[bytes]:
        """Start the node's JVM; ``EMBRACE_KAFKA_JVM_OPTIONS`` adds options of the operator's (the suite
        trades peak speed for less CPU at start with them)."""
        extra = shlex.split(os.environ.get("EMBRACE_KAFKA_JVM_OPTIONS", ""))
        with self.log.open("ab") as log:
            process = subprocess.Popen(
                [java_command[0], f"-Xms{heap}", f"-Xmx{heap}", "-Djava.awt.headless=true", *extra,
                 *java_command[1:], "kafka.Kafka", str(self.config)],
                stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        self.pid_file.write_text(str(process.pid))
        return process

    def exited_at_start(self, process: subprocess.Popen[bytes]) -> OperatorError | None:
        if process.poll() is None:
            return None
        self.pid_file.unlink(missing_ok=True)
        tail = self.log.read_text(errors="replace").strip().splitlines()[-3:]
        return OperatorError(f"Kafka node {self.id} exited at start (see {self.log}): {' | '.join(tail)}")

    def stop(self, timeout: float = 60.0, *, kill: bool = False) -> bool:
        """SIGTERM for a clean shutdown, SIGKILL if it hangs (or at once, ``kill``). False if none ran."""
        return stop_together([self], timeout, kill=kill)


QUORUM_LOST_GRACE = 10.0  # seconds a node may go on once its quorum is gone; a clean stop takes 1-8


def stop_together(nodes: list[Node], timeout: float = 60.0, *, kill: bool = False) -> bool:
    """Signal every node at once, then wait: one by one, the last of a quorum would wait for a majority
    that is gone. Even together, a node may be left asking controllers that have already exited to approve
    its controlled shutdown (Kafka waits five minutes for them): once fewer than a majority of ``nodes``
    run, the rest get QUORUM_LOST_GRACE, then SIGKILL (their data is safe: the log recovers its unflushed
    tail on start). False if none ran."""
    running = [(node, pid) for node in nodes if (pid := node.running_pid()) is not None]
    for _, pid in running:
        os.kill(pid, signal.SIGKILL if kill else signal.SIGTERM)
    deadline, majority = time.monotonic() + timeout, len(nodes) // 2 + 1
    while (alive := sum(_alive(pid) for _, pid in running)) and time.monotonic() < deadline:
        if alive < majority:
            deadline = min(deadline, time.monotonic() + QUORUM_LOST_GRACE)
        time.sleep(0.2)
    for node, pid in running:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)
        node.pid_file.unlink(missing_ok=True)
    return bool(running)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A child we started stays a zombie until reaped; it is not alive for our purposes.
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][:1]
    except OSError:
        return False
    if state == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        return False
    return True


def free_port_pair(nodes: int = 1) -> int:
    """A free port with free successors, two per node (client, controller), for tests and benchmarks.

    Below Linux's ephemeral range (32768 and up): a broker stopped and started again on them finds them
    free, where a client's outgoing socket could have taken one meanwhile."""
    for _ in range(50):
        port = random.randrange(20_000, 32_000 - 2 * nodes)
        try:
            for taken in range(port, port + 2 * nodes):
                require_free(taken)
        except OperatorError:
            continue
        return port
    raise OperatorError(f"no {2 * nodes} consecutive free ports on 127.0.0.1")


def require_free(port: int) -> None:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise OperatorError(
                f"port {port} on 127.0.0.1 is in use; each Kafka node needs its port and the next one "
                "(controller): stop what holds them or pass --port"
            ) from None
