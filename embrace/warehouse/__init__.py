"""The ClickHouse warehouse, reached only through clickhouse-connect."""

from embrace.warehouse.connection import Warehouse

__all__ = ["Warehouse"]
