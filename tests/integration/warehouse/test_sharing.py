"""The embedded store shared over ClickHouse's HTTP interface (`embrace warehouse share`): clients in
other processes write and read it through clickhouse-connect, as they would a ClickHouse server."""

from __future__ import annotations

import gzip
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from clickhouse_connect.driver.exceptions import DatabaseError

from embrace.contracts import IncidentReport
from embrace.errors import StoreInUse
from embrace.warehouse import Warehouse
from services.cli.main import main
from services.enrich.enrichment import EnrichContext
from tests.support.builders import incident, report
from tests.support.enriching import store
from tests.support.network import free_port
from tests.support.processes import Process, embrace_command

COUNTED = (
    "SELECT count(), uniqExact(report_id) FROM {db}.current_incidents WHERE report_id IN {ids:Array(UUID)}"
)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The DSN of a store shared by a running `embrace warehouse share`, and its home."""
    home = tmp_path_factory.mktemp("shared")
    port = free_port()
    sharing = Process([*embrace_command(), "warehouse", "share", "--home", str(home), "--port", str(port)])
    sharing.wait_for("the warehouse is shared", timeout=90)
    yield f"http://127.0.0.1:{port}/embrace", home
    assert sharing.stop() == 0, sharing.tail()


@pytest.fixture
def client(shared: tuple[str, Path]) -> Iterator[Warehouse]:
    warehouse = Warehouse.connect(shared[0], "embrace")
    yield warehouse
    warehouse.close()


def test_two_writers_at_once_each_report_counted_once_even_when_both_write_it(
    shared: tuple[str, Path], enrich_context: EnrichContext
) -> None:
    made = [report(incident(), tenant="0180") for _ in range(40)]
    writers = [Warehouse.connect(shared[0], "embrace") for _ in range(2)]
    halves = [made[:25], made[15:]]  # ten reports written by both, as after a worker's partitions move
    threads = [
        threading.Thread(target=write_all, args=(w, part, enrich_context))
        for w, part in zip(writers, halves, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    ids = [str(m.event_id) for m in made]
    [(rows, reports)] = writers[0].query(COUNTED, {"ids": ids})
    for writer in writers:
        writer.close()
    assert (rows, reports) == (40, 40)


def test_an_insert_of_many_blocks_each_compressed_on_its_own_lands_whole(client: Warehouse) -> None:
    client.command("CREATE TABLE IF NOT EXISTS {db}.sharing_blocks (n UInt32, text String) ENGINE = Memory")
    client.insert("sharing_blocks", ("n", "text"), [(n, "x" * 200) for n in range(40_000)])  # 3 blocks
    assert client.query("SELECT count(), sum(n) FROM {db}.sharing_blocks") == [(40_000, 799_980_000)]


def test_a_refused_query_comes_back_as_clickhouse_error_with_its_code(client: Warehouse) -> None:
    with pytest.raises(DatabaseError, match="Unknown expression identifier") as refused:
        client.query("SELECT no_such_column FROM {db}.incidents")
    assert refused.value.code == 47
    assert client.ping()


def test_settings_and_bound_parameters_reach_the_engine(shared: tuple[str, Path]) -> None:
    given = {"max_threads": "1", "param_n": "41"}
    answer = ask(shared[0], "SELECT getSetting('max_threads'), {n:UInt8} + 1", settings=given)
    assert answer == "1\t42\n"
    with pytest.raises(urllib.error.HTTPError) as refused:
        ask(shared[0], "SELECT 1", settings={"bad-name": "1"})
    assert refused.value.headers["X-ClickHouse-Exception-Code"] == "115"


def test_a_gzipped_insert_is_read_and_an_unknown_encoding_refused_by_name(shared: tuple[str, Path]) -> None:
    ask(shared[0], "CREATE TABLE IF NOT EXISTS embrace.sharing_probe (n UInt8) ENGINE = Memory")
    rows = gzip.compress(b'{"n": 1}\n{"n": 2}\n')
    ask(shared[0], "INSERT INTO embrace.sharing_probe FORMAT JSONEachRow", body=rows, encoding="gzip")
    assert ask(shared[0], "SELECT sum(n) FROM embrace.sharing_probe") == "3\n"
    with pytest.raises(urllib.error.HTTPError) as refused:
        ask(shared[0], "INSERT INTO embrace.sharing_probe FORMAT JSONEachRow", body=rows, encoding="br")
    assert refused.value.code == 400
    assert "'br' is not supported" in refused.value.read().decode()


def test_the_store_stays_the_sharing_process_s_alone(shared: tuple[str, Path]) -> None:
    with pytest.raises(StoreInUse, match="in use by process"):
        Warehouse.connect(f"chdb://{shared[1] / 'clickhouse'}", "embrace")


def write_all(warehouse: Warehouse, made: list[IncidentReport], context: EnrichContext) -> None:
    for each in made:
        store(warehouse, each, context)


def ask(
    dsn: str, sql: str, body: bytes = b"", encoding: str = "identity", settings: dict[str, str] | None = None
) -> str:
    """One query over plain HTTP, as any ClickHouse client sends it; ``settings`` go in the URL."""
    url = dsn.rsplit("/", 1)[0] + "/?" + urllib.parse.urlencode({"query": sql, **(settings or {})})
    request = urllib.request.Request(url, data=body, headers={"Content-Encoding": encoding}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode())


def test_a_server_s_dsn_is_not_shared_and_the_command_says_so_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Even its own port: what a second `share` in a shell where the first one's DSN was exported meets.
    port = free_port()
    monkeypatch.setenv("EMBRACE_CLICKHOUSE_DSN", f"http://127.0.0.1:{port}/embrace")
    assert main(["warehouse", "share", "--home", str(tmp_path), "--port", str(port)]) == 2
    assert "only an embedded (chdb://) store is shared" in capsys.readouterr().err
