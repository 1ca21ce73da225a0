"""`embrace probe URL`: exit 0 when the URL answers 200, for container healthchecks (no curl in the image)."""

from __future__ import annotations

import argparse
import urllib.error
import urllib.request
from collections.abc import Callable

from embrace.errors import OperatorError

Say = Callable[[str], None]


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    del common  # a probe reads no settings
    probe = commands.add_parser("probe", help="exit 0 when a URL answers 200 (for healthchecks)")
    probe.add_argument("url", help="e.g. http://localhost:8000/readyz")
    probe.add_argument("--timeout", type=float, default=5.0)
    probe.set_defaults(handler=_probe)


def _probe(args: argparse.Namespace, say: Say) -> None:
    try:
        with urllib.request.urlopen(args.url, timeout=args.timeout) as answer:
            status = answer.status
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError) as exc:
        raise OperatorError(f"{args.url} does not answer: {exc}") from None
    if status != 200:
        raise OperatorError(f"{args.url} answered {status}")
    say(f"{args.url} answered 200")
