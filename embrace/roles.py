"""Who may do what. Roles are per API key or per person; tenant and organisation come with them.

| role      | report, plan interventions | read its tenant | manage areas | analyse | chair | every tenant |
|-----------|----------------------------|-----------------|--------------|---------|-------|--------------|
| reporter  | yes (its organisation)     | yes             |              |         |       |              |
| analyst   |                            | yes             |              | yes     | yes   |              |
| admin     | yes                        | yes             | yes          | yes     | yes   |              |
| regional  |                            | yes             |              | yes     |       | yes (read)   |

*analyse*: the quarterly analysis. *chair*: run the working loop's meetings: record problems, decisions and
tasks for any organisation (a reporter updates its own organisation's tasks).
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["reporter", "analyst", "admin", "regional"]
Action = Literal["report", "read", "manage_areas", "analyse", "chair"]
ROLES: tuple[Role, ...] = get_args(Role)

_ALLOWED: dict[Role, frozenset[Action]] = {
    "reporter": frozenset({"report", "read"}),
    "analyst": frozenset({"read", "analyse", "chair"}),
    "admin": frozenset({"report", "read", "manage_areas", "analyse", "chair"}),
    "regional": frozenset({"read", "analyse"}),
}


def allowed(role: Role, action: Action) -> bool:
    return action in _ALLOWED[role]


def sees_every_tenant(role: Role) -> bool:
    return role == "regional"
