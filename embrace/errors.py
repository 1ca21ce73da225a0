"""Errors meant for people, not tracebacks.

Anything raised as an :class:`OperatorError` is printed by the CLI as one line and ends the process
with a non-zero status; the message must say what is wrong and what to do about it.
"""


class OperatorError(Exception):
    """A failure the operator can fix: bad settings, an unreachable store, a busy port."""


class ConfigurationError(OperatorError):
    """A setting has a value the system cannot use."""


class StoreUnavailable(OperatorError):
    """A store (ClickHouse, the SQL store, Kafka) cannot be reached or is held by another process."""


class StoreInUse(StoreUnavailable):
    """An embedded store belongs to another process (a running `embrace run`)."""
