"""The operational SQL store: tenants, organisations, credentials, accepted reports and the outbox."""

from embrace.directory.store import Directory

__all__ = ["Directory"]
