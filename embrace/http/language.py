"""Swedish by default, English on request (Accept-Language, or the ``lang`` cookie of the web app)."""

from __future__ import annotations

from starlette.requests import HTTPConnection

from embrace.messages import LANGUAGES, Language


def negotiate(connection: HTTPConnection, default: Language = "sv", *, header: bool = True) -> Language:
    """The ``lang`` cookie if set; else, with ``header``, the best of Accept-Language; else ``default``.

    The web app passes ``header=False``: it is Swedish unless a person picks English, since many
    browsers in Sweden speak English to servers.
    """
    chosen = connection.cookies.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if not header:
        return default
    ranked: list[tuple[float, str]] = []
    for part in connection.headers.get("accept-language", "").split(","):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((quality, tag.strip().lower()[:2]))
    for _, tag in sorted(ranked, key=lambda item: -item[0]):
        if tag in LANGUAGES:
            return tag
    return default
