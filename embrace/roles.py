"""Who may do what. Roles are per API key or per person; tenant and organisation come with them.

| role     | report, plan interventions | read its tenant | manage areas, partners | analyse | chair | all   |
|----------|----------------------------|-----------------|------------------------|---------|-------|-------|
| reporter | yes (its organisation)     | yes             |                        |         |       |       |
| analyst  |                            | yes             |                        | yes     | yes   |       |
| admin    | yes                        | yes             | yes                    | yes     | yes   |       |
| regional |                            | yes             |                        | yes     |       | read  |

*all*: every tenant. *partners*: the tenant's organisations and the people who sign in for them.
*analyse*: the quarterly analysis. *chair*: run the working loop's meetings: record problems, decisions
and tasks for any organisation (a reporter updates its own organisation's tasks).
"""

from __future__ import annotations

from typing import Literal, get_args

Role = Literal["reporter", "analyst", "admin", "regional"]
Action = Literal["report", "read", "manage_areas", "manage_partners", "analyse", "chair"]
ROLES: tuple[Role, ...] = get_args(Role)

_ALLOWED: dict[Role, frozenset[Action]] = {
    "reporter": frozenset({"report", "read"}),
    "analyst": frozenset({"read", "analyse", "chair"}),
    "admin": frozenset({"report", "read", "manage_areas", "manage_partners", "analyse", "chair"}),
    "regional": frozenset({"read", "analyse"}),
}


def allowed(role: Role, action: Action) -> bool:
    return action in _ALLOWED[role]


# The roles a tenant's admin may give: every tenant's reader is the platform operator's to make.
TENANT_ROLES: tuple[Role, ...] = ("reporter", "analyst", "admin")


def sees_every_tenant(role: Role) -> bool:
    return role == "regional"
