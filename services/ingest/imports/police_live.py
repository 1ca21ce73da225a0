"""Polling the police events API politely: a named User-Agent, and limits the API sets.

The API answers 403 to requests without a User-Agent and 429 beyond its limits. So calls are at least
10 s apart and at most 60 an hour, the interval is 5 minutes unless set otherwise, and a 429 (or an
outage) doubles the wait, up to an hour, honouring Retry-After.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from embrace.errors import OperatorError
from services.ingest.imports.police_notices import Observation, Unreadable, read_response

log = logging.getLogger(__name__)
MIN_GAP = 10.0
PER_HOUR = 60
MAX_BACKOFF = 3600.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: bytes
    retry_after: float | None = None


class PoliceApi:
    def __init__(self, url: str, user_agent: str, timeout: float = 30.0) -> None:
        if not user_agent.strip():
            raise OperatorError(
                "EMBRACE_POLICE_USER_AGENT is empty: the police API refuses requests without a User-Agent "
                "naming the deployment, e.g. 'EMBRACE Region Exempel (it@region.example)'"
            )
        self.url, self.user_agent, self.timeout = url, user_agent, timeout

    def fetch(self) -> Answer:
        request = urllib.request.Request(
            self.url, headers={"User-Agent": self.user_agent, "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return Answer(response.status, response.read())
        except urllib.error.HTTPError as error:
            retry = error.headers.get("Retry-After") if error.headers else None
            return Answer(error.code, error.read(), float(retry) if retry and retry.isdigit() else None)


class Pacing:
    """When the next call may go: the interval, at least MIN_GAP apart, at most PER_HOUR an hour."""

    def __init__(self, interval: float, clock: Callable[[], float] = time.monotonic) -> None:
        if interval < MIN_GAP:
            raise OperatorError(
                f"the police API may be polled at most every {MIN_GAP:.0f} s; got {interval} s"
            )
        self.interval = interval
        self._clock = clock
        self._calls: deque[float] = deque()
        self._wait = interval

    def record_call(self) -> None:
        self._calls.append(self._clock())
        while self._calls and self._calls[0] <= self._clock() - 3600:
            self._calls.popleft()

    def succeeded(self) -> None:
        self._wait = self.interval

    def refused(self, retry_after: float | None) -> None:
        self._wait = min(MAX_BACKOFF, max(self._wait * 2, retry_after or 0.0))

    def delay(self) -> float:
        """Seconds from now until the next call may go."""
        if not self._calls:
            return 0.0
        now = self._clock()
        due = max(self._calls[-1] + max(self._wait, MIN_GAP), now)
        if len(self._calls) >= PER_HOUR:
            due = max(due, self._calls[-PER_HOUR] + 3600)
        return due - now


def poll(
    api: PoliceApi,
    pacing: Pacing,
    handle: Callable[[list[Observation | Unreadable]], None],
    stop: threading.Event,
    say: Callable[[str], None],
) -> None:
    """Fetch, import and publish until ``stop`` is set."""
    while not stop.is_set():
        if stop.wait(pacing.delay()):
            return
        pacing.record_call()
        try:
            answer = api.fetch()
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            pacing.refused(None)
            say(f"police API unreachable ({exc}); next try in {pacing.delay():.0f} s")
            continue
        if answer.status == 200:
            pacing.succeeded()
            observations = list(_response_items(answer.body))
            handle(observations)
        elif answer.status in (403, 429) or answer.status >= 500:
            pacing.refused(answer.retry_after)
            reason = (
                "refused (403: is the User-Agent accepted?)"
                if answer.status == 403
                else f"answered {answer.status}"
            )
            say(f"police API {reason}; next try in {pacing.delay():.0f} s")
        else:
            pacing.refused(None)
            say(f"police API answered {answer.status}; next try in {pacing.delay():.0f} s")


def _response_items(body: bytes) -> list[Observation | Unreadable]:
    text = body.decode("utf-8", errors="replace")
    if not text.strip():
        return []
    return list(read_response("polisen.se/api/events", text, observed_at=datetime.now(UTC)))
