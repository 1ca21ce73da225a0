"""One writer for many request threads, on SQLite and PostgreSQL: writes handed over together are
committed together, a failing one alone is undone, and each caller is answered after its commit."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from typing import Any, cast

import pytest
from prometheus_client import CollectorRegistry
from sqlalchemy import Engine, Table, event, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from embrace.sqlstore import SqlStore
from embrace.sqlstore.group_commit import GroupCommit
from embrace.sqlstore.tables import Tenant
from embrace.sqlstore.waiting_rows import insert_rows

THREADS = 120


@pytest.fixture
def writer(any_sql_store: SqlStore) -> Iterator[GroupCommit]:
    group_commit = GroupCommit(any_sql_store, CollectorRegistry())
    yield group_commit
    group_commit.close()


def tenant(code: str, fails: bool = False) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        session.add(Tenant(code=code, name=f"Kommun {code}"))
        session.flush()
        if fails:
            raise ValueError(f"{code} refused after its write")
        return code

    return work


INSERT_TENANTS = insert(cast(Table, Tenant.__table__))


def tenant_row(code: str) -> Callable[[Session], str]:
    def work(session: Session) -> str:
        insert_rows(session, INSERT_TENANTS, [{"code": code, "name": f"Kommun {code}"}])
        return code

    return work


class Held:
    """A write that holds the writer until released, so that what is handed over meanwhile waits."""

    def __init__(self) -> None:
        self.busy, self.release = threading.Event(), threading.Event()

    def then(self, work: Callable[[Session], str]) -> Callable[[Session], str]:
        def held(session: Session) -> str:
            self.busy.set()
            self.release.wait(10)
            return work(session)

        return held


def stored(sql_store: SqlStore) -> set[str]:
    with sql_store.session() as session:
        return set(session.scalars(select(Tenant.code)))


def from_many_threads(
    writer: GroupCommit,
    codes: list[str],
    fails: set[str],
    work: Callable[[str], Callable[[Session], str]] = tenant,
) -> dict[str, object]:
    answers: dict[str, object] = {}
    start = threading.Barrier(len(codes))

    def one(code: str) -> None:
        start.wait()
        try:
            answers[code] = writer.run(tenant(code, True) if code in fails else work(code))
        except Exception as exc:
            answers[code] = exc

    threads = [threading.Thread(target=one, args=(code,)) for code in codes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def test_writes_from_many_threads_are_committed_in_fewer_transactions(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    codes = [f"{n:04d}" for n in range(THREADS)]
    answers = from_many_threads(writer, codes, fails=set())
    assert answers == {code: code for code in codes}
    assert stored(any_sql_store) == set(codes)
    (groups,) = writer.metrics.group.collect()
    count = next(s.value for s in groups.samples if s.name.endswith("_count"))
    assert count < THREADS  # some arrived while a commit was under way and went into the next one


def test_a_failing_write_is_undone_alone_and_its_caller_told(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    codes = [f"{n:04d}" for n in range(THREADS)]
    failing = set(codes[::7])
    answers = from_many_threads(writer, codes, failing)
    assert {c for c, a in answers.items() if isinstance(a, ValueError)} == failing
    assert stored(any_sql_store) == set(codes) - failing


def test_a_constraint_broken_by_one_write_reaches_its_caller(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    writer.run(tenant("0180"))
    with pytest.raises(IntegrityError):
        writer.run(tenant("0180"))
    assert writer.run(tenant("1480")) == "1480"
    assert stored(any_sql_store) == {"0180", "1480"}


def test_a_lone_failing_write_is_undone_and_its_caller_told(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    with pytest.raises(ValueError, match="0180 refused"):
        writer.run(tenant("0180", fails=True))
    assert writer.run(tenant("1480")) == "1480"
    assert stored(any_sql_store) == {"1480"}


def test_a_write_whose_caller_gave_up_before_its_turn_is_not_made_and_the_writer_goes_on(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    held = Held()
    slow = held.then(tenant("0180"))

    async def give_up() -> None:
        waiting = asyncio.ensure_future(writer.run_async(tenant("1480")))
        await asyncio.sleep(0.05)  # queued behind the slow write
        waiting.cancel()
        await asyncio.gather(waiting, return_exceptions=True)

    first = threading.Thread(target=writer.run, args=(slow,))
    first.start()
    assert held.busy.wait(10)
    asyncio.run(give_up())
    held.release.set()
    first.join()
    assert asyncio.run(asyncio.wait_for(writer.run_async(tenant("1280")), 10)) == "1280"
    assert stored(any_sql_store) == {"0180", "1280"}


def test_an_answer_comes_after_the_commit_so_another_connection_reads_it(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    for code in ("0180", "1480", "1280"):
        writer.run(tenant(code))
        assert code in stored(any_sql_store)


def test_a_closed_writer_refuses_new_work_after_finishing_what_it_had(
    any_sql_store: SqlStore,
) -> None:
    writer = GroupCommit(any_sql_store, CollectorRegistry())
    writer.run(tenant("0180"))
    writer.close()
    with pytest.raises(RuntimeError, match="closed"):
        writer.run(tenant("1480"))
    with any_sql_store.session() as session:
        assert session.scalar(select(func.count()).select_from(Tenant)) == 1


def groups_of(writer: GroupCommit) -> int:
    (groups,) = writer.metrics.group.collect()
    return int(next(s.value for s in groups.samples if s.name.endswith("_count")))


def test_the_rows_a_group_inserts_go_in_one_statement(writer: GroupCommit, any_sql_store: SqlStore) -> None:
    inserts: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        inserts.extend([statement] if statement.lstrip().upper().startswith("INSERT INTO TENANTS") else [])

    event.listen(Engine, "before_cursor_execute", count)
    try:
        codes = [f"{n:04d}" for n in range(THREADS)]
        answers = from_many_threads(writer, codes, fails=set(), work=tenant_row)
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert answers == {code: code for code in codes}
    assert stored(any_sql_store) == set(codes)
    assert len(inserts) == groups_of(writer) < THREADS


def test_rows_of_one_group_that_clash_are_told_to_the_later_caller_alone(
    writer: GroupCommit, any_sql_store: SqlStore
) -> None:
    held = Held()

    async def one_group() -> list[Any]:
        blocker = asyncio.ensure_future(writer.run_async(held.then(lambda _: "held")))
        await asyncio.to_thread(held.busy.wait, 10)
        queued = [
            asyncio.ensure_future(writer.run_async(tenant_row(code))) for code in ("0180", "0180", "1480")
        ]
        await asyncio.sleep(0.05)  # all three wait behind the held write, for the same group
        held.release.set()
        return await asyncio.gather(blocker, *queued, return_exceptions=True)

    held, first, twin, other = asyncio.run(one_group())
    assert (held, first, other) == ("held", "0180", "1480")
    assert isinstance(twin, IntegrityError)
    assert stored(any_sql_store) == {"0180", "1480"}
