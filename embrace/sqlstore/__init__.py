"""The operational SQL store: tenants, organisations, credentials, accepted reports and the outbox."""

from embrace.sqlstore.store import SqlStore

__all__ = ["SqlStore"]
