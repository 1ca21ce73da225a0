"""`embrace kafka start|stop|status`: a real single-node Apache Kafka broker (KRaft) without Docker.

The jars come from Maven Central once (``mvn dependency:copy-dependencies`` on ``deploy/kafka/pom.xml``)
into a cache; the broker runs on Java 17 from those jars, bound to 127.0.0.1 with a bounded heap.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from string import Template

from embrace.bus.kafka_connection import KafkaConnection
from embrace.bus.topic_admin import kafka_answers
from embrace.errors import OperatorError

KAFKA_VERSION = "3.9.2"
ADMIN_USER = "embrace-admin"
REPOSITORY = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Broker:
    """Where one broker keeps its files."""

    base: Path

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
    def bootstrap_file(self) -> Path:
        return self.base / "bootstrap"

    @property
    def admin_password_file(self) -> Path:
        """Present when the broker runs ``--secure``: the administrator's password, for this user only."""
        return self.base / "admin-password"

    @property
    def ca_file(self) -> Path:
        """Present when the broker speaks TLS: the path of the CA its clients verify it against."""
        return self.base / "tls-ca"

    def access(self) -> KafkaConnection:
        """How the administrator reaches this broker (no credentials when it runs without security)."""
        bootstrap = self.bootstrap() or ""
        if not self.admin_password_file.exists():
            return KafkaConnection(bootstrap)
        ca = self.ca_file.read_text().strip() if self.ca_file.exists() else ""
        return KafkaConnection(bootstrap, ADMIN_USER, self.admin_password_file.read_text().strip(), ca)

    def running_pid(self) -> int | None:
        """The broker's pid if it runs; a pid file left by a dead broker is removed."""
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

    def bootstrap(self) -> str | None:
        return self.bootstrap_file.read_text().strip() if self.bootstrap_file.exists() else None


def deploy_dir() -> Path:
    path = Path(os.environ.get("EMBRACE_KAFKA_DEPLOY_DIR", REPOSITORY / "deploy" / "kafka"))
    if not (path / "pom.xml").exists():
        raise OperatorError(
            f"no Kafka build files at {path}; run from a checkout or set EMBRACE_KAFKA_DEPLOY_DIR"
        )
    return path


def jar_cache() -> Path:
    root = Path(os.environ.get("EMBRACE_CACHE_DIR", Path.home() / ".cache" / "embrace"))
    return root / f"kafka-{KAFKA_VERSION}"


def resolve_jars(cache: Path | None = None) -> Path:
    """The broker's jars, fetched from Maven Central the first time. Processes starting brokers at once
    (the test suite's workers) wait for one another's fetch rather than replace a cache in use."""
    cache = cache or jar_cache()
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.with_name(cache.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache / ".resolved").exists():
            _fetch_jars(cache)
    return cache


def _fetch_jars(cache: Path) -> None:
    mvn = shutil.which("mvn")
    if mvn is None:
        raise OperatorError("Maven is needed to fetch the Kafka jars: install it (apt-get install maven)")
    staging = cache.with_name(cache.name + f".partial-{os.getpid()}")
    shutil.rmtree(staging, ignore_errors=True)
    command = [
        mvn, "-q", "-B", "-f", str(deploy_dir() / "pom.xml"), "dependency:copy-dependencies",
        f"-DoutputDirectory={staging}", "-DincludeScope=runtime",
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        detail = (result.stdout + result.stderr).strip().splitlines()[-1:] or ["no output"]
        raise OperatorError(f"mvn could not fetch the Kafka jars from Maven Central: {detail[0]}")
    (staging / ".resolved").write_text(KAFKA_VERSION)
    shutil.rmtree(cache, ignore_errors=True)
    staging.rename(cache)


def java_binary() -> str:
    java = shutil.which("java")
    if java is None:
        raise OperatorError(
            "Java 17 or newer is needed for the Kafka broker: install openjdk-17-jre-headless"
        )
    version = subprocess.run([java, "-version"], capture_output=True, text=True, check=False).stderr
    match = re.search(r'version "(\d+)', version)
    if match is None or int(match.group(1)) < 17:
        raise OperatorError(
            f"Java 17 or newer is needed for the Kafka broker; found: {version.splitlines()[:1]}"
        )
    return java


def start(
    base: Path,
    port: int = 9092,
    *,
    heap: str = "512m",
    timeout: float = 120.0,
    secure: bool = False,
    tls: Path | None = None,
) -> KafkaConnection:
    """Start a broker in ``base`` unless one runs there; return how its administrator reaches it.

    ``secure``: SASL/SCRAM-SHA-512 and ACLs (StandardAuthorizer), the administrator the only super user;
    over TLS with the certificates in ``tls`` (``server.pem``, ``ca.pem``). A broker directory keeps the
    mode it was first started in."""
    broker = Broker(base.resolve())
    if broker.running_pid() is not None:
        return broker.access()
    if tls is not None and not (secure and (tls / "server.pem").exists() and (tls / "ca.pem").exists()):
        raise OperatorError(f"--tls needs --secure, and {tls} to hold server.pem (key and chain) and ca.pem")
    for needed in (port, port + 1):  # the broker's and its controller's
        _require_free(needed)
    java, jars = java_binary(), resolve_jars()
    broker.base.mkdir(parents=True, exist_ok=True)
    formatted = (broker.data / "meta.properties").exists()
    password = _admin_password(broker, secure, formatted)
    _write_config(broker, port, password, secure, tls)
    classpath = f"{jars}/*"
    logging_config = f"-Dlog4j.configuration=file:{deploy_dir() / 'log4j.properties'}"
    if not formatted:
        format_storage(broker, [java, "-cp", classpath, logging_config], new_cluster_id(), password)
    with broker.log.open("ab") as log:
        process = subprocess.Popen(
            [java, f"-Xms{heap}", f"-Xmx{heap}", "-Djava.awt.headless=true", logging_config,
             "-cp", classpath, "kafka.Kafka", str(broker.config)],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    broker.pid_file.write_text(str(process.pid))
    broker.bootstrap_file.write_text(f"127.0.0.1:{port}")
    _wait_until_answering(process, broker, broker.access(), timeout)
    return broker.access()


def _write_config(broker: Broker, port: int, password: str, secure: bool, tls: Path | None) -> None:
    """The broker's properties from deploy/kafka's templates: plain, secure, or secure over TLS."""
    config = {"port": port, "controller_port": port + 1, "data_dir": broker.data, "bind": "127.0.0.1",
              "host": "127.0.0.1", "admin_user": ADMIN_USER, "admin_password": password,
              "tls_dir": tls and tls.resolve()}  # fmt: skip
    parts = ["server.properties.template", *(["security.properties.template"] if secure else []),
             *(["tls.properties.template"] if tls else [])]  # fmt: skip
    if tls:
        broker.ca_file.write_text(str((tls / "ca.pem").resolve()))
    else:
        broker.ca_file.unlink(missing_ok=True)
    broker.config.write_text(
        "\n".join(Template((deploy_dir() / p).read_text()).substitute(config) for p in parts)
    )


def _admin_password(broker: Broker, secure: bool, formatted: bool) -> str:
    """The administrator's password of a secure broker ('' otherwise), made when its storage is."""
    if formatted and secure != broker.admin_password_file.exists():
        was = "with" if broker.admin_password_file.exists() else "without"
        raise OperatorError(f"the broker in {broker.base} was made {was} --secure; start it so, or remove "
                            "the directory to begin anew")  # fmt: skip
    if not secure:
        return ""
    if not formatted:
        broker.admin_password_file.write_text(secrets.token_urlsafe(24))
        broker.admin_password_file.chmod(0o600)
    return broker.admin_password_file.read_text().strip()


def new_cluster_id() -> str:
    """A random cluster id as Kafka makes them: URL-safe base64 of a UUID (1.5% of them begin with -)."""
    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def format_storage(
    broker: Broker, java_command: list[str], cluster_id: str, admin_password: str = ""
) -> None:
    # --cluster-id=ID in one argument: given apart, an id that begins with "-" is read as an option.
    scram = f"SCRAM-SHA-512=[name={ADMIN_USER},password={admin_password}]"
    formatted = subprocess.run(
        [*java_command, "kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}",
         f"--config={broker.config}", *([f"--add-scram={scram}"] if admin_password else [])],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    if formatted.returncode != 0:
        output = (formatted.stdout + formatted.stderr).strip()
        (broker.base / "format.log").write_text(output)
        last = " | ".join(line.strip() for line in output.splitlines()[-2:])
        raise OperatorError(f"formatting Kafka storage failed (see {broker.base / 'format.log'}): {last}")


def stop(base: Path, timeout: float = 60.0) -> bool:
    """Stop the broker in ``base``: SIGTERM for a clean shutdown, SIGKILL if it hangs. False if none ran."""
    broker = Broker(base.resolve())
    pid = broker.running_pid()
    if pid is None:
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.2)
    if _alive(pid):
        os.kill(pid, signal.SIGKILL)
    broker.pid_file.unlink(missing_ok=True)
    return True


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


def free_port_pair() -> int:
    """A free port whose successor is free too, for a broker and its controller (tests, benchmarks).

    Below Linux's ephemeral range (32768 and up): a broker stopped and started again on them finds them
    free, where a client's outgoing socket could have taken one meanwhile."""
    for _ in range(50):
        port = random.randrange(20_000, 32_000)
        try:
            _require_free(port)
            _require_free(port + 1)
        except OperatorError:
            continue
        return port
    raise OperatorError("no two consecutive free ports on 127.0.0.1")


def _require_free(port: int) -> None:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise OperatorError(
                f"port {port} on 127.0.0.1 is in use; the broker needs it and the next one (controller): "
                "stop what holds them or pass --port"
            ) from None


def _wait_until_answering(
    process: subprocess.Popen[bytes], broker: Broker, kafka: KafkaConnection, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            broker.pid_file.unlink(missing_ok=True)
            tail = broker.log.read_text(errors="replace").strip().splitlines()[-3:]
            raise OperatorError(f"the Kafka broker exited at start (see {broker.log}): {' | '.join(tail)}")
        if kafka_answers(kafka):
            return
        time.sleep(0.5)
    raise OperatorError(f"the Kafka broker did not answer within {timeout:.0f} s; see {broker.log}")
