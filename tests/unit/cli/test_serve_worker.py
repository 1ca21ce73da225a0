"""A worker whose stop hangs (faust's consumer thread dead with no broker to answer) still ends."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

HANGING_STOP = textwrap.dedent("""
    import threading, types
    from services.cli.serve import worker
    worker.STOP_GRACE = 1.0
    stopping = types.SimpleNamespace(should_stop=True)  # a stop has begun and never finishes
    threading.Thread(target=worker._end_a_stop_that_hangs, args=(stopping,), daemon=True).start()
    threading.Event().wait()
""")


def test_a_stop_that_hangs_ends_the_process_after_the_grace_with_an_error() -> None:
    began = time.monotonic()
    run = [sys.executable, "-c", HANGING_STOP]
    ended = subprocess.run(run, cwd=ROOT, capture_output=True, text=True, timeout=30, check=False)
    assert ended.returncode == 1
    assert "did not stop within 1 s" in ended.stderr
    assert time.monotonic() - began < 15
