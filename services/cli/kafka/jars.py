"""The Kafka broker's jars and its Java: fetched from Maven Central once (``mvn dependency:copy-dependencies``
on ``deploy/kafka/pom.xml``) into a cache, and run on Java 17 or newer."""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from pathlib import Path

from embrace.errors import OperatorError

KAFKA_VERSION = "3.9.2"
REPOSITORY = Path(__file__).resolve().parents[3]


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
