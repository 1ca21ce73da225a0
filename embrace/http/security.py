"""Who is calling (an API key in ``Authorization: Bearer ...`` or ``X-API-Key``) and what they may do."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from embrace import i18n
from embrace.http.dependencies import SqlStoreDep
from embrace.http.limits import RateLimiter
from embrace.http.problems import ProblemError
from embrace.messages import Language
from embrace.roles import Action
from embrace.sqlstore.credentials import Principal

_bearer = HTTPBearer(auto_error=False, description="An organisation's API key: `Bearer emb_...`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An organisation's API key.")

FORBIDDEN: dict[Language, str] = i18n.both("problem.forbidden")
OTHER_TENANT: dict[Language, str] = i18n.both("problem.other_tenant")


async def get_principal(
    request: Request,
    sql_store: SqlStoreDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
) -> Principal:
    presented = bearer.credentials if bearer is not None else header
    if presented:
        principal = await sql_store.api_keys.authenticate(presented)
        if principal is not None:
            _within_rate(request, principal)
            request.state.principal = principal
            return principal
    raise ProblemError(
        401,
        i18n.both("problem.api_key_required"),
        headers={"WWW-Authenticate": "Bearer"},
    )  # fmt: skip


def _within_rate(request: Request, principal: Principal) -> None:
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    wait = limiter.wait_needed(principal.caller) if limiter is not None else 0
    if wait:
        raise ProblemError(
            429,
            i18n.both("problem.rate_limited", wait=wait),
            kind="rate-limited",
            headers={"Retry-After": str(wait)},
        )


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def permit(action: Action) -> Callable[[Principal], Coroutine[Any, Any, Principal]]:
    """A dependency: the caller, if their role allows ``action`` (403 otherwise)."""

    async def check(principal: PrincipalDep) -> Principal:  # no I/O: no hop to a worker thread
        if not principal.may(action):
            raise ProblemError(403, FORBIDDEN, kind="forbidden")
        return principal

    return check


Reporter = Annotated[Principal, Depends(permit("report"))]
Reader = Annotated[Principal, Depends(permit("read"))]
AreaManager = Annotated[Principal, Depends(permit("manage_areas"))]
Chair = Annotated[Principal, Depends(permit("chair"))]  # runs the working loop's meetings


def tenant_for(principal: Principal, requested: str | None) -> str:
    """The tenant a read is about: the caller's own, or any for a regional caller who names one."""
    if requested is None or requested == principal.tenant:
        return principal.tenant
    if not principal.sees(requested):
        raise ProblemError(403, OTHER_TENANT, kind="forbidden")
    return requested
