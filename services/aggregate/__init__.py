"""Aggregate: the only writer of analytics. Its sinks write enriched reports, report versions,
interventions, surveys, alerts and dead letters to ClickHouse; it keeps the rollups counted and raises the
spike alerts. It reads nothing for users (a process holding an embedded warehouse serves the reporting
routes beside it: composition in services/cli)."""
