"""Fixtures shared by every layer of tests. Real components only: chDB, SQLite, PostgreSQL, Kafka."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from embrace.geo.boundaries import Boundaries
from embrace.settings import Settings, load_settings
from embrace.sqlstore import SqlStore
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse
from services.enrich.enrichment import EnrichContext
from services.enrich.places import PlaceBook
from tests.support.kafka import KafkaUnavailable, kafka_broker_for_tests
from tests.support.postgres import PostgresUnavailable, postgres_server

SLOWEST_FIRST = ("e2e", "integration")  # then the unit tests
# The suite starts some twenty Kafka JVMs and runs on two cores: compiled by C1 alone, with the serial
# collector, a broker takes a quarter less CPU (the Kafka tests' 70 CPU-s became 52-54) and is still far
# faster than the tests need. The operator's own options win.
QUICK_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("EMBRACE_KAFKA_JVM_OPTIONS", QUICK_JVM)  # for brokers the commands start too


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The end-to-end rooms first, then integration: `make test` hands tests to its workers one at a
    time (`--dist load --maxschedchunk 1`), so the long ones start at once on every worker and the short
    ones fill the end, rather than one worker finishing a long test alone."""
    here = Path(__file__).parent

    def room(item: pytest.Item) -> int:
        first = item.path.relative_to(here).parts[0] if item.path.is_relative_to(here) else ""
        return SLOWEST_FIRST.index(first) if first in SLOWEST_FIRST else len(SLOWEST_FIRST)

    items.sort(key=room)


@pytest.fixture(scope="session")
def taxonomy() -> Taxonomy:
    return Taxonomy.load()


@pytest.fixture(scope="session")
def enrich_context(taxonomy: Taxonomy) -> EnrichContext:
    return EnrichContext(
        taxonomy, ZoneInfo("Europe/Stockholm"), Policy(), Policy(max_age=None), PlaceBook(Boundaries(()))
    )


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The shared real data (police responses, boundaries), read through the data-dir setting."""
    path = load_settings().data_dir
    if not (path / "polisen").is_dir() or not (path / "geo").is_dir():
        pytest.fail(
            f"reference data not found at {path.resolve()}: set EMBRACE_DATA_DIR to the shared data folder"
        )
    return path


@pytest.fixture(scope="session")
def chdb_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # chDB opens one engine path per process, so the whole session shares one store; tests get
    # isolation from a database of their own. One client stays open throughout, as in a running
    # service: when the last client closes, chDB stops its engine, and the next one starts it again by
    # loading every database in the store, which took 2-3 s a test by the end of a worker's run.
    store = tmp_path_factory.mktemp("warehouse") / "clickhouse"
    keeper = Warehouse.connect(f"chdb://{store}", "keeper")
    yield store
    keeper.close()


@pytest.fixture
def warehouse(chdb_store: Path) -> Iterator[Warehouse]:
    database = f"t_{uuid.uuid4().hex[:12]}"
    store = Warehouse.connect(f"chdb://{chdb_store}", database)
    store.migrate()
    yield store
    store.command(f"DROP DATABASE IF EXISTS {database}")
    store.close()


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker for the session: KAFKA_BOOTSTRAP_SERVERS, testcontainers, or one started here."""
    try:
        with kafka_broker_for_tests() as bootstrap:
            yield bootstrap
    except KafkaUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def topic_namespace() -> str:
    """Each test gets topics and consumer groups of its own on the shared broker."""
    return f"t{uuid.uuid4().hex[:10]}."


@pytest.fixture(scope="session")
def postgres_server_url() -> Iterator[str]:
    try:
        with postgres_server() as url:
            yield url
    except PostgresUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture
def postgres_url(postgres_server_url: str) -> Iterator[str]:
    """A fresh, empty database on the session's PostgreSQL server."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(postgres_server_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture
def sql_store(tmp_path: Path) -> Iterator[SqlStore]:
    store = SqlStore.connect(f"sqlite:///{tmp_path / 'embrace.sqlite3'}")
    store.migrate()
    yield store
    store.close()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_sql_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    """The SQL store on each supported backend: SQLite (default) and PostgreSQL."""
    url = (
        f"sqlite:///{tmp_path / 'embrace.sqlite3'}"
        if request.param == "sqlite"
        else request.getfixturevalue("postgres_url")
    )
    store = SqlStore.connect(url)
    store.migrate()
    yield store
    store.close()


def settings_in(home: Path, chdb_store: Path) -> Settings:
    """Settings of a system of its own: its home, and a database of its own in the session's store."""
    return load_settings(
        home=home, clickhouse_dsn=f"chdb://{chdb_store}", clickhouse_database=f"t_{uuid.uuid4().hex[:12]}"
    )


@pytest.fixture
def settings(tmp_path: Path, chdb_store: Path) -> Settings:
    return settings_in(tmp_path, chdb_store)
