"""What the store's one writer costs a report, by how many reports it commits together.

    python bench/writer.py [--reports 800] [--groups 1,4,16] [--stores sqlite,postgresql]

In one process and without HTTP: reports of three incidents go through ingest's own unit of work
(``run_once`` with an Idempotency-Key, ``accept_new``) to a ``GroupCommit``, handed over in waves of
the group size, so that each wave is one group. Printed: CPU (``time.process_time``) and wall time a
report. PostgreSQL is Debian's, started for the run with fsync off.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import uuid
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prometheus_client import CollectorRegistry
from sqlalchemy.orm import Session

from bench.measure import scratch, table
from embrace.sqlstore import SqlStore
from embrace.sqlstore.credentials import Principal
from embrace.sqlstore.group_commit import GroupCommit
from services.ingest.acceptance import accept_new
from services.ingest.idempotency import Answer, run_once
from tests.support.builders import incident, report
from tests.support.partner_store import partner_key, principal_of
from tests.support.postgres import postgres_server


async def waves(writer: GroupCommit, principal: Principal, size: int, reports: int) -> None:
    async def one() -> None:
        accepted = report(incident(), incident(), incident(), tenant=principal.tenant)
        answer = Answer(202, {"id": str(accepted.event_id)})

        def work(session: Session) -> Answer:
            accept_new(session, principal, [accepted])
            return answer

        await run_once(writer, principal.caller, uuid.uuid4().hex, "fingerprint", work)

    for _ in range(reports // size):
        await asyncio.gather(*(one() for _ in range(size)))


def measure(store: str, groups: list[int], reports: int) -> list[tuple[str, str]]:
    with postgres_server() if store == "postgresql" else nullcontext("") as given:
        url = given or f"sqlite:///{scratch('writer') / 'embrace.sqlite3'}"
        key = partner_key(scratch("writer-home"), url=url)
        sql_store = SqlStore.connect(url)
        principal = principal_of(sql_store, key)
        writer = GroupCommit(sql_store, CollectorRegistry())
        asyncio.run(waves(writer, principal, 4, 200))  # the driver prepares its statements
        rows = []
        for size in groups:
            cpu, wall = time.process_time(), time.perf_counter()
            asyncio.run(waves(writer, principal, size, reports))
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            each = f"{1000 * cpu / reports:.2f} ms CPU, {1000 * wall / reports:.2f} ms wall a report"
            rows.append((f"{store}, groups of {size}", each))
        writer.close()
        sql_store.close()
        return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--reports", type=int, default=800)
    parser.add_argument("--groups", default="1,4,16")
    parser.add_argument("--stores", default="sqlite,postgresql")
    args = parser.parse_args()
    groups = [int(size) for size in args.groups.split(",")]
    print(table([row for store in args.stores.split(",") for row in measure(store, groups, args.reports)]))


if __name__ == "__main__":
    main()
