"""A local server that answers as Nominatim's /search does, slowness, garbage and a busy service too, and
a geocoder asking it politely but quickly."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

from embrace.geo.boundaries import Boundaries
from embrace.sqlstore import SqlStore
from embrace.sqlstore.geocoded import GeocodeCache
from services.enrich.geocoding import Manners, NominatimGeocoder

STORGATAN = [{"place_id": 1, "lat": "59.3325", "lon": "18.0649", "display_name": "Storgatan 1, Stockholm",
              "category": "place", "type": "house", "importance": 0.3}]  # fmt: skip
MALMO = [{"place_id": 2, "lat": "55.6050", "lon": "13.0038", "display_name": "Torget, Malmö"}]


class Nominatim(BaseHTTPRequestHandler):
    asked: ClassVar[list[tuple[float, str, str]]] = []
    down: ClassVar[bool] = False

    def do_GET(self) -> None:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        text = query.get("q", [""])[0]
        Nominatim.asked.append((time.monotonic(), text, self.headers.get("User-Agent", "")))
        if Nominatim.down:
            self._answer(503, b"busy", {"Retry-After": "1"})
        elif text == "Långsam gata":
            time.sleep(1.5)
            self._answer(200, b"[]")
        elif text == "Skräp":
            self._answer(200, b"<html>not json</html>")
        else:
            found = {"Storgatan 1": STORGATAN, "Torget i Malmö": MALMO}.get(text, [])
            self._answer(200, json.dumps(found).encode())

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_: Any) -> None:
        pass


@contextmanager
def serving() -> Iterator[str]:
    """The server's address, with nothing asked of it yet and not down."""
    Nominatim.asked, Nominatim.down = [], False
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Nominatim)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def geocoder(server: str, boundaries: Boundaries, sql_store: SqlStore, **manners: Any) -> NominatimGeocoder:
    return clocked_geocoder(server, boundaries, GeocodeCache(sql_store), Manners(timeout=0.5, **manners))


def clocked_geocoder(
    server: str, boundaries: Boundaries, cache: GeocodeCache, manners: Manners | None = None,
    clock: Callable[[], float] = time.monotonic, now: Callable[[], datetime] | None = None,
) -> NominatimGeocoder:  # fmt: skip
    """A geocoder whose clocks a test may set: ``clock`` for its manners, ``now`` for its answers' age."""
    times = {"now": now} if now else {}
    return NominatimGeocoder(server, "EMBRACE test (test@example.se)", boundaries, cache,
                             manners or Manners(timeout=0.5), clock, **times)  # fmt: skip


def settle(coder: NominatimGeocoder, requests: int, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while coder.requests < requests and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.2)
