"""Tables derived from the counts are dropped and made again when their shape changed: the next run
fills them, and no row of the old shape is read under the new one."""

from __future__ import annotations

from embrace.warehouse import Warehouse

ENGINE = "SELECT engine_full FROM system.tables WHERE database = {name:String} AND name = 'place_outlook'"


def test_a_place_outlook_without_category_groups_is_dropped_and_made_again(warehouse: Warehouse) -> None:
    warehouse.command("DROP TABLE {db}.place_outlook")
    warehouse.command("CREATE TABLE {db}.place_outlook (tenant String, week String, cell String) "
                      "ENGINE = ReplacingMergeTree ORDER BY (tenant, week, cell)")  # fmt: skip
    warehouse.command("INSERT INTO {db}.place_outlook VALUES ('9999', '2026-W48', '8808b118c1fffff')")
    warehouse.migrate()
    [(engine,)] = warehouse.query(ENGINE, {"name": warehouse.database})
    assert "ORDER BY (tenant, week, category_group, cell)" in engine
    assert warehouse.query("SELECT count() FROM {db}.place_outlook") == [(0,)]
    warehouse.migrate()  # and once in shape, it is kept
    warehouse.command("INSERT INTO {db}.place_outlook (tenant, week, cell) VALUES ('9999', '2026-W48', 'c')")
    warehouse.migrate()
    assert warehouse.query("SELECT count() FROM {db}.place_outlook") == [(1,)]
