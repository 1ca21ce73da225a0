"""Who may do what. Roles are per API key or per person; tenant and organisation come with them.

| role      | report incidents, plan interventions | read its tenant | manage areas | read every tenant |
|-----------|--------------------------------------|-----------------|--------------|-------------------|
| reporter  | yes (its organisation)               | yes             |              |                   |
| analyst   |                                      | yes             |              |                   |
| admin     | yes                                  | yes             | yes          |                   |
| regional  |                                      | yes             |              | yes               |
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["reporter", "analyst", "admin", "regional"]
Action = Literal["report", "read", "manage_areas"]
ROLES: tuple[Role, ...] = get_args(Role)

_ALLOWED: dict[Role, frozenset[Action]] = {
    "reporter": frozenset({"report", "read"}),
    "analyst": frozenset({"read"}),
    "admin": frozenset({"report", "read", "manage_areas"}),
    "regional": frozenset({"read"}),
}


def allowed(role: Role, action: Action) -> bool:
    return action in _ALLOWED[role]


def sees_every_tenant(role: Role) -> bool:
    return role == "regional"
