"""Who reads the warehouse of a ClickHouse server: a read-only user per tenant that sees only its tenant's
rows, whatever SQL it sends, and a regional reader that sees every tenant.

Row policies do the narrowing. Once a table has a policy, a user without one sees nothing of it, so one
policy lets everyone but the tenant readers (their role) see every row, and each tenant reader has its
own: ``tenant = '0180'``. A tenant reader is read-only (``readonly = 2``: it may still set the query
settings Grafana's plugin sends) and may read only the tables dashboards use; dead letters and the
rollups' bookkeeping stay out of reach.

Passwords are derived from one secret (``EMBRACE_READER_SECRET``), so the Grafana organisation of a
tenant can log in as its reader without any password being stored anywhere else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable

from embrace.warehouse.ddl import schema_statements

TENANT_ROLE = "embrace_tenant_reader"
REGIONAL_USER = "embrace_regional"
EVERYTHING = "embrace_every_tenant"
HIDDEN = frozenset({"dead_letters", "rollup_pending"})  # bookkeeping no reader needs
_TENANT_TABLE = re.compile(r"CREATE TABLE IF NOT EXISTS \w+\.(\w+) \(\s*tenant ", re.S)


def reader_user(tenant: str) -> str:
    return f"embrace_t_{tenant}"


def reader_password(secret: str, user: str) -> str:
    """The reader's password: derived from the secret, never stored."""
    digest = hmac.new(secret.encode(), f"clickhouse-reader/{user}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def readable_tables(database: str) -> list[str]:
    """The schema's tables that hold a tenant column, but bookkeeping."""
    found = (_TENANT_TABLE.match(s) for s in schema_statements(database))
    return [m.group(1) for m in found if m and m.group(1) not in HIDDEN]


def access_statements(
    database: str, tenants: Iterable[str], secret: str, regional_password: str = ""
) -> list[str]:
    """Every statement, idempotent, to create or update the readers of these tenants and the regional one
    (whose password may be given: Grafana's provisioned data source reads it from the environment)."""
    tables = readable_tables(database)
    statements = [
        f"CREATE ROLE IF NOT EXISTS {TENANT_ROLE}",
        # Dashboards' queries, bounded: a reader cannot run the server out of time or memory.
        f"CREATE SETTINGS PROFILE OR REPLACE embrace_reader SETTINGS max_execution_time = 60, "
        f"max_memory_usage = 4000000000, max_result_rows = 1000000 TO {TENANT_ROLE}",
        *(f"GRANT SELECT ON {database}.{table} TO {TENANT_ROLE}" for table in tables),
        _user(REGIONAL_USER, secret, regional_password),
        f"GRANT SELECT ON {database}.* TO {REGIONAL_USER}",
        *(_policy(EVERYTHING, database, table, "1", f"ALL EXCEPT {TENANT_ROLE}") for table in tables),
    ]
    for tenant in sorted(set(tenants)):
        if not re.fullmatch(r"\d{4}", tenant):
            raise ValueError(f"{tenant!r} is not a municipality code")
        user = reader_user(tenant)
        statements += [
            _user(user, secret),
            f"GRANT {TENANT_ROLE} TO {user}",
            f"SET DEFAULT ROLE {TENANT_ROLE} TO {user}",
            *(_policy(user, database, table, f"tenant = '{tenant}'", user) for table in tables),
        ]
    return statements


def _user(user: str, secret: str, password: str = "") -> str:
    hashed = hashlib.sha256((password or reader_password(secret, user)).encode()).hexdigest()
    return (f"CREATE USER OR REPLACE {user} IDENTIFIED WITH sha256_hash BY '{hashed}' "
            f"SETTINGS readonly = 2")  # fmt: skip


def _policy(name: str, database: str, table: str, condition: str, to: str) -> str:
    return f"CREATE ROW POLICY OR REPLACE {name} ON {database}.{table} FOR SELECT USING {condition} TO {to}"
