"""Who is calling: an API key in ``Authorization: Bearer ...`` or ``X-API-Key``."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from embrace.directory.credentials import Principal, authenticate_api_key
from embrace.http.dependencies import DirectoryDep
from embrace.http.problems import ProblemError

_bearer = HTTPBearer(auto_error=False, description="An organisation's API key: `Bearer emb_...`")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="An organisation's API key.")


def get_principal(
    request: Request,
    directory: DirectoryDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
    header: Annotated[str | None, Depends(_header)],
) -> Principal:
    presented = bearer.credentials if bearer is not None else header
    if presented:
        with directory.session() as session:
            principal = authenticate_api_key(session, presented)
        if principal is not None:
            request.state.principal = principal
            return principal
    raise ProblemError(
        401,
        "A valid API key is required (Authorization: Bearer <key>).",
        headers={"WWW-Authenticate": "Bearer"},
    )


PrincipalDep = Annotated[Principal, Depends(get_principal)]
