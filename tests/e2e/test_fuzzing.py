"""Schemathesis against the running demo: every check, the examples, coverage and fuzzing phases.

No server error and no answer that breaks the published schema, within a few minutes of fuzzing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.support.network import free_port
from tests.support.processes import Process, embrace_command

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_SECONDS = 60  # every operation goes through all three phases within it (948 cases measured)
# One worker: CPython 3.11 ast.parse, which hypothesis calls to describe filters, is not thread-safe.


def test_the_fuzzer_finds_no_server_error_and_no_schema_violation(tmp_path: Path) -> None:
    port = free_port()
    env = {"EMBRACE_HOME": str(tmp_path / "home"),
           # the fuzzer is one fast client; the rate limit has tests of its own
           "EMBRACE_RATE_LIMIT_PER_MINUTE": "1000000", "EMBRACE_RATE_LIMIT_BURST": "100000"}  # fmt: skip
    system = Process([*embrace_command(), "run", "--demo", "--port", str(port)], env=env)
    try:
        key = system.wait_for("API key:", timeout=120).split()[-1]
        system.wait_for("EMBRACE is running", timeout=60)
        st = Path(sys.executable).with_name("st")
        fuzzing = subprocess.run(
            [str(st), "--config-file", str(CONFIG), "run", f"http://127.0.0.1:{port}/openapi.json",
             "--header", f"Authorization: Bearer {key}", "--checks", "all",
             "--phases", "examples,coverage,fuzzing", "--max-time", str(MAX_SECONDS), "--workers", "1",
             "--seed", "20261126", "--no-color"],
            capture_output=True, text=True, timeout=MAX_SECONDS + 240, check=False,
        )  # fmt: skip
    finally:
        system.stop()
    report = fuzzing.stdout[-6000:] + fuzzing.stderr[-2000:]
    assert fuzzing.returncode == 0, report
    assert " passed" in fuzzing.stdout, report
