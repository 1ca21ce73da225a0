"""Text to a point through a Nominatim-compatible geocoder (its ``/search`` JSON API), off the stream.

Enrich never waits for it: a text not yet known is asked in the background and the incident flows on
unresolved (precision ``address``, no point, flagged). The answers are kept in the SQL store, so later
incidents with the same text, on any worker and after a restart, get the point at once, for as long as
the cache's ``Keeping`` holds them: an answer of age is asked again, and forgotten from memory within the
hour (``PRUNE_SECONDS``).

Manners towards the service: at most one request a second, a timeout, doubling back-off after a failure
(``Retry-After`` honoured), and a circuit breaker that stops asking for a while after repeated
failures. An answer is used only when it lies in the tenant's own municipality.
"""

from __future__ import annotations

import json
import logging
import queue
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from embrace.bus.background import Background
from embrace.contracts.fields import GeoPoint
from embrace.geo.boundaries import Boundaries, place_key
from embrace.sqlstore.geocoded import Answer, GeocodeCache
from embrace.validation import BoundingBox

log = logging.getLogger(__name__)
Point = tuple[float, float]
PRUNE_SECONDS = 3600.0  # how often the answers of age leave the worker's memory


class Unanswered(Exception):
    """The service failed to give a usable answer this time (down, slow, garbage): ask again later."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


@dataclass
class Manners:
    min_interval: float = 1.0  # seconds between requests
    timeout: float = 5.0
    failures_to_open: int = 3  # consecutive failures that open the circuit
    open_seconds: float = 60.0  # first pause; it doubles while failures go on, up to max_open_seconds
    max_open_seconds: float = 900.0
    max_backoff: float = 60.0


class NominatimGeocoder(Background):
    STOP_SECONDS = 5.0

    def __init__(
        self, url: str, user_agent: str, boundaries: Boundaries, cache: GeocodeCache,
        manners: Manners | None = None, clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:  # fmt: skip
        super().__init__("geocoder", "geocoder: failed unexpectedly; going on")
        self._url = url.rstrip("/") + "/search"
        self._user_agent = user_agent
        self._boundaries = boundaries
        self._cache = cache
        self._manners = manners or Manners()
        self._clock = clock
        self._now = now
        self._known: dict[tuple[str, str], Answer] = cache.load(now())
        self._next_prune = clock() + PRUNE_SECONDS
        self._asked: set[tuple[str, str]] = set()
        self._queue: queue.Queue[tuple[str, str]] = queue.Queue()
        self._failures = 0
        self._open_until = 0.0
        self._open_for = self._manners.open_seconds
        self._next_request = 0.0
        self.requests = 0  # made, for metrics and tests

    def cached(self, tenant: str, text: str) -> Point | None:
        answer = self._answer((tenant, place_key(text)))
        return answer.point if answer else None

    def ask(self, tenant: str, text: str) -> None:
        key = (tenant, place_key(text))
        if self._answer(key) is None and key not in self._asked:
            self._asked.add(key)
            self._queue.put((tenant, text))

    def _answer(self, key: tuple[str, str]) -> Answer | None:
        """The answer known for ``key`` while it is kept; one of age is forgotten here."""
        answer = self._known.get(key)
        if answer is not None and not self._cache.keeping.fresh(answer, self._now()):
            self._known.pop(key, None)
            return None
        return answer

    @property
    def remembered(self) -> int:
        """Answers held in this worker's memory."""
        return len(self._known)

    @property
    def circuit_open(self) -> bool:
        return self._clock() < self._open_until

    def work(self) -> None:
        while not self.stopping.is_set():
            self._prune()
            try:
                tenant, text = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self._wait(max(self._next_request, self._open_until))
            if self.stopping.is_set():
                return
            try:
                self._resolve(tenant, text)
            except Exception:
                self._asked.discard((tenant, place_key(text)))  # asked again when next met
                raise

    def _prune(self) -> None:
        """Forget the answers of age, so that a worker's memory holds only what the cache still keeps."""
        if self._clock() < self._next_prune:
            return
        self._next_prune = self._clock() + PRUNE_SECONDS
        for key in list(self._known):
            self._answer(key)

    def _wait(self, until: float) -> None:
        while not self.stopping.is_set() and self._clock() < until:
            self.stopping.wait(min(0.2, until - self._clock()))

    def _resolve(self, tenant: str, text: str) -> None:
        key = (tenant, place_key(text))
        self.requests += 1
        self._next_request = self._clock() + self._manners.min_interval
        try:
            candidates = self._search(text)
        except Unanswered as failure:
            self._failed(tenant, text, failure)
            return
        self._failures, self._open_for = 0, self._manners.open_seconds
        found = next((p for p in candidates if self._in_municipality(tenant, p)), None)
        answered = Answer(found, self._now())  # None too: no such place there; not asked again
        self._known[key] = answered
        try:
            self._cache.save(tenant, key[1], found, answered.answered_at)
        except SQLAlchemyError as exc:  # the store is down: this worker still knows, others ask again
            log.warning("geocoder: an answer for tenant %s not kept in the SQL store: %s", tenant, exc)
        self._asked.discard(key)

    def _failed(self, tenant: str, text: str, failure: Unanswered) -> None:
        self._failures += 1
        backoff = min(self._manners.max_backoff, self._manners.min_interval * 2**self._failures)
        self._next_request = self._clock() + max(backoff, failure.retry_after or 0.0)
        if self._failures >= self._manners.failures_to_open:
            self._open_until = self._clock() + self._open_for
            self._open_for = min(self._manners.max_open_seconds, self._open_for * 2)
            log.warning("geocoder: %d failures in a row (%s); not asking for %.0f s",
                        self._failures, failure, self._open_until - self._clock())  # fmt: skip
        self._queue.put((tenant, text))  # asked again once the service answers

    def _search(self, text: str) -> list[Point]:
        query = urllib.parse.urlencode({"q": text, "format": "jsonv2", "limit": 5, "countrycodes": "se"})
        request = urllib.request.Request(f"{self._url}?{query}", headers={"User-Agent": self._user_agent})
        try:
            with urllib.request.urlopen(request, timeout=self._manners.timeout) as response:
                body = response.read(1_000_000)
        except urllib.error.HTTPError as exc:
            retry = exc.headers.get("Retry-After")
            raise Unanswered(
                f"HTTP {exc.code}", float(retry) if retry and retry.isdigit() else None
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise Unanswered(f"no answer: {exc}") from None
        return _points(body)

    def _in_municipality(self, tenant: str, point: Point) -> bool:
        if not self._boundaries:
            return BoundingBox().in_sweden(GeoPoint(lat=point[0], lon=point[1]))
        [at] = self._boundaries.locate(np.array([point[0]]), np.array([point[1]]))
        return bool(at >= 0 and self._boundaries.municipalities[at].code == tenant)


def _points(body: bytes) -> list[Point]:
    """The places of a /search answer (a JSON list of objects with lat and lon as text); garbage raises."""
    try:
        answer = json.loads(body)
        return [(float(item["lat"]), float(item["lon"])) for item in answer]
    except (ValueError, TypeError, KeyError) as exc:
        raise Unanswered(f"not a Nominatim answer: {type(exc).__name__}") from None
