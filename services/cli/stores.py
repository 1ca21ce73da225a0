"""Opening the stores a command reads or writes. Light on purpose: every command imports it, and a
command that only adds a tenant should not wait for the statistics and web stacks to load."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from sqlalchemy.orm import Session

from embrace.errors import OperatorError, StoreInUse
from embrace.naming import Names
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.registry import list_tenants, names_of
from embrace.warehouse import Warehouse


def open_sql_store(settings: Settings) -> SqlStore:
    sql_store = SqlStore.connect(settings.sql_url)
    sql_store.migrate()
    return sql_store


@contextmanager
def sql_session(settings: Settings) -> Iterator[Session]:
    """One unit of work on the SQL store, for a command that does one; the store is closed after."""
    sql_store = open_sql_store(settings)
    try:
        with sql_store.session() as session:
            yield session
    finally:
        sql_store.close()


def tenants(settings: Settings) -> list[tuple[str, str]]:
    """Every tenant's code and name, from the SQL store."""
    with sql_session(settings) as session:
        return [(tenant.code, tenant.name) for tenant in list_tenants(session)]


def names(settings: Settings, tenant: str) -> Names:
    """What ``tenant`` calls itself and its areas and organisations, from the SQL store."""
    with sql_session(settings) as session:
        return names_of(session, tenant)


def open_warehouse(settings: Settings) -> Warehouse:
    warehouse = Warehouse.connect(settings.warehouse_dsn, settings.clickhouse_database)
    warehouse.migrate(free_text_days=settings.free_text_days, cluster=settings.clickhouse_cluster)
    return warehouse


@contextmanager
def reading(settings: Settings, ask: str) -> Iterator[Warehouse]:
    """The warehouse for a command that reads it; while a running system holds the embedded store, the
    way to ``ask`` that system instead (an API path)."""
    try:
        warehouse = open_warehouse(settings)
    except StoreInUse as exc:
        raise OperatorError(f"{exc}; ask the running system: GET {ask}") from None
    try:
        yield warehouse
    finally:
        warehouse.close()


@contextmanager
def both_stores(settings: Settings, ask: str | None = None) -> Iterator[tuple[Warehouse, SqlStore]]:
    """The warehouse and the SQL store, for a process or command that uses both; each opened one is
    closed on leaving, even when the other fails to open. A command that only reads names the way to
    ``ask`` a running system that holds the embedded warehouse."""
    with ExitStack() as stack:
        warehouse = stack.enter_context(reading(settings, ask)) if ask else open_warehouse(settings)
        if not ask:
            stack.callback(warehouse.close)
        sql_store = open_sql_store(settings)
        stack.callback(sql_store.close)
        yield warehouse, sql_store
