"""Running `embrace` as a real OS process and reading what it prints."""

from __future__ import annotations

import io
import os
import queue
import subprocess
import sys
import threading
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import IO
from unittest import mock

from services.cli.main import main


def embrace_command() -> list[str]:
    script = Path(sys.executable).parent / "embrace"
    return [str(script)] if script.exists() else [sys.executable, "-m", "services.cli.main"]


class Process:
    """A child process whose output lines are collected in the background."""

    def __init__(self, args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> None:
        environment = {**os.environ, **(env or {})}
        self.popen = subprocess.Popen(
            args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment, cwd=cwd
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        streams = (self.popen.stdout, self.popen.stderr)
        for stream in streams:
            assert stream is not None
        for stream in streams:
            threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str]) -> None:
        for line in stream:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.popen.poll() is not None and self.lines.empty():
                    break
                continue
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        raise AssertionError(f"no line starting {prefix!r} within {timeout}s; output so far: {self.seen}")

    def tail(self, count: int = 15) -> list[str]:
        """The last ``count`` lines it wrote so far, for a failure's message."""
        return self.output()[-count:]

    def output(self) -> list[str]:
        """Every line it wrote so far."""
        while not self.lines.empty():
            self.seen.append(self.lines.get_nowait())
        return self.seen

    def stop(self, timeout: float = 30.0) -> int:
        if self.popen.poll() is None:
            self.popen.send_signal(2)  # SIGINT: the clean shutdown path
            try:
                self.popen.wait(timeout)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        return self.popen.returncode


def run_embrace(
    home: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None, check: bool = False
) -> subprocess.CompletedProcess[str]:
    """One `embrace` command on ``home``, to completion."""
    return subprocess.run(
        [*embrace_command(), *args, "--home", str(home)],
        input=stdin,
        capture_output=True,
        text=True,
        check=check,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def embrace_here(home: Path, *args: str, stdin: str = "") -> str:
    """One `embrace` command on ``home`` run in this process, for a test's setting up: what it printed. A
    process of its own costs 1.5-2 CPU-s to start. One that fails fails the test with what it said."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err), mock.patch.object(sys, "stdin", io.StringIO(stdin)):
        code = main([*args, "--home", str(home)])
    assert code == 0, f"embrace {' '.join(args)} answered {code}: {err.getvalue()}"
    return out.getvalue()
