"""Argument types the commands share: a value is checked as the API checks it, so a mistyped week or
municipality code is a usage error naming the option, not a traceback or an empty answer."""

from __future__ import annotations

import argparse
from typing import Any

from pydantic import TypeAdapter, ValidationError

from embrace.contracts.fields import ISO_WEEK, MunicipalityCode

_TENANT: TypeAdapter[str] = TypeAdapter(MunicipalityCode)


def iso_week(text: str) -> str:
    """An ISO week that exists, e.g. 2026-W05."""
    return _checked(ISO_WEEK, text, "an ISO week that exists, e.g. 2026-W05")


def tenant_code(text: str) -> str:
    """A municipality's four-digit code, e.g. 0180."""
    return _checked(_TENANT, text, "a municipality's four-digit code, e.g. 0180")


def _checked(adapter: TypeAdapter[Any], text: str, wanted: str) -> str:
    try:
        return str(adapter.validate_python(text))
    except ValidationError:
        raise argparse.ArgumentTypeError(f"{text!r} is not {wanted}") from None
