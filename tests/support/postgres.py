"""A throwaway PostgreSQL cluster from Debian's package, for the SQL store tests.

``EMBRACE_TEST_POSTGRES_URL`` points the tests at an existing server instead. PostgreSQL refuses to run
as root, so as root the cluster belongs to the ``postgres`` user the Debian package creates.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.network import free_port

HOW_TO_INSTALL = (
    "install Debian's postgresql package (deploy/dev/system-packages.sh does), "
    "or set EMBRACE_TEST_POSTGRES_URL to a server"
)


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise PostgresUnavailable(f"PostgreSQL is not installed: {HOW_TO_INSTALL}")


def _runner() -> tuple[list[str], int | None]:
    if os.geteuid() != 0:
        return [], None
    try:
        uid = pwd.getpwnam("postgres").pw_uid
    except KeyError:
        raise PostgresUnavailable(
            f"running as root and there is no 'postgres' user: {HOW_TO_INSTALL}"
        ) from None
    return ["runuser", "-u", "postgres", "--"], uid


@contextmanager
def postgres_server() -> Iterator[str]:
    """Yield a SQLAlchemy URL of a server's maintenance database; the cluster is removed afterwards."""
    existing = os.environ.get("EMBRACE_TEST_POSTGRES_URL")
    if existing:
        yield existing
        return
    bin_dir = _bin_dir()
    prefix, uid = _runner()
    base = Path(tempfile.mkdtemp(prefix="embrace-pg-"))
    if uid is not None:
        os.chown(base, uid, -1)
    data, port = base / "data", free_port()

    def run(*args: str) -> None:
        result = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False, timeout=120)
        if result.returncode != 0:
            raise PostgresUnavailable(
                f"{Path(args[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}"
            )

    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "embrace", "-A", "trust", "-E", "UTF8", "--no-sync")
    options = f"-p {port} -k {base} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
    run(
        str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-o", options, "-w", "start"
    )
    try:
        yield f"postgresql+psycopg://embrace@127.0.0.1:{port}/postgres"
    finally:
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)
