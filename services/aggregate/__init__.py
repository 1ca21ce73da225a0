"""Aggregate: writes enriched facts to ClickHouse and answers statistics from it."""
