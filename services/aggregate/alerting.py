"""Spike alerts, settled while the weeks run and when they close, and published on the alerts topic.

After each batch of incidents the aggregate worker evaluates again the series of the tenants and weeks
the batch touched (this week and last week only: imported history raises no alerts), per tenant x
category and per tenant x area x category (an incident counts in every area it lies in). The first
batch after a week's following week has ended closes it: every tenant's series of that week once more,
and the alerts are marked final: a week with a closed alert is never settled again.

A series is judged against what its own history leads one to expect (:mod:`services.aggregate.spikes`).
That expectation rests only on weeks before the one judged, so it is fitted once per series and week and
kept while the week runs: corrections to earlier weeks reach it the next week.

Each evaluation is compared with the alerts known (the alerts table, and what this worker emitted and
its sink may not have written yet): a new spike is version 1 of its alert, changed numbers a higher
version, a spike that corrections undid a withdrawal. Only changes are emitted, so evaluating again (as
the week runs, after a restart, on a redelivered batch) repeats nothing. The alerts table is written
from the topic, like every table: a crash before the emitted alerts reach Kafka replays the batch, and
the evaluation, rather than losing them.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from embrace.bus.stages import Emit
from embrace.contracts import Alert, EnrichedReport
from embrace.statistics.farrington import HISTORY, RECENT, Expected
from embrace.topics import ALERTS
from embrace.warehouse import Warehouse
from embrace.warehouse.begun import first_days
from embrace.weeks import monday_of, preceding
from embrace.weeks import this_week as week_of
from services.aggregate.alert_messages import message
from services.aggregate.alert_queries import HISTORY_SQL, SERIES, STORED
from services.aggregate.spikes import (
    CRITICAL,
    DEFAULT_RULES,
    Rules,
    Series,
    Spike,
    alert_id,
    expectations,
    is_spike,
    judged,
)

Clock = Callable[[], datetime]


class Alerting:
    def __init__(
        self,
        warehouse: Warehouse,
        rules: Rules = DEFAULT_RULES,
        clock: Clock = lambda: datetime.now(UTC),
        named: Callable[[str], str] = str,
    ) -> None:
        """``named`` says a category as an alert's message does (in Swedish, by the taxonomy)."""
        self._warehouse = warehouse
        self._named = named
        self._rules = rules
        self._clock = clock
        self._emitted: dict[uuid.UUID, Alert] = {}  # what this worker published, newest version
        self._closed: set[str] = set()
        self._baselines: dict[tuple[Series, str], Expected] = {}  # by series and week judged
        self._began: dict[str, date] = {}  # each tenant's first incident, where known to be early enough

    def after(
        self, write: Callable[[Sequence[EnrichedReport]], None]
    ) -> Callable[[Sequence[EnrichedReport]], list[Emit[Alert]]]:
        """The incidents sink, settling the alerts of what each batch touched once it is written."""

        def write_and_evaluate(reports: Sequence[EnrichedReport]) -> list[Emit[Alert]]:
            write(reports)
            changed = self.evaluate((i.tenant, i.iso_week) for r in reports for i in r.incidents)
            return [Emit(ALERTS, alert) for alert in changed]

        return write_and_evaluate

    def evaluate(self, touched: Iterable[tuple[str, str]]) -> list[Alert]:
        """The alerts that changed: this week's and last week's of the tenants touched, and the whole
        week before those once it has closed."""
        now = self._clock()
        this_week = week_of(now)
        running = {this_week, *preceding(this_week, 1)}
        tenants_of: dict[str, set[str]] = defaultdict(set)
        for tenant, week in touched:
            if week in running:
                tenants_of[week].add(tenant)
        changed: list[Alert] = []
        for week, tenants in sorted(tenants_of.items()):
            changed += self._settle(week, tenants, now)
        closing = preceding(this_week, 2)[0]
        if closing not in self._closed:
            changed += self._settle(closing, None, now)
            self._closed.add(closing)
            # Closed weeks are never settled again: forget what was emitted for them.
            self._emitted = {k: a for k, a in self._emitted.items() if a.week > closing}
            self._baselines = {k: b for k, b in self._baselines.items() if k[1] > closing}
        return changed

    def _settle(self, week: str, tenants: set[str] | None, now: datetime) -> list[Alert]:
        """Compare a week's series (of these tenants, or all) with the alerts known; emit the changes."""
        closed = week not in (week_of(now), *preceding(week_of(now), 1))
        known = self._known(week, tenants)
        if closed and any(alert.closed for alert in known.values()):
            return []  # closed before (by another worker, or before a restart): closed is final
        counts = self._counts(week, tenants)
        began = self._reporting_since(week, {s.tenant for s in counts})
        big = [s for s, n in counts.items() if n >= self._rules.of(s.tenant).minimum and s.tenant in began]
        baselines = self._baselines_of(week, big)
        changed: list[Alert] = []
        for series, observed in counts.items():
            prior = known.pop(alert_id(series, week), None)
            spike = judged(series, week, observed, baselines[series]) if series in baselines else None
            if spike is not None and is_spike(spike, self._rules.of(series.tenant)):
                changed += _changed(prior, _alert(spike, prior, closed, now, self._named))
            elif prior is not None and not prior.retracted:
                gone = spike or Spike(series, week, observed, prior.expected, 0.0)
                changed += _changed(prior, _alert(gone, prior, closed, now, self._named, retracted=True))
        for prior in known.values():  # a series that no longer has a single incident
            if not prior.retracted:
                gone = Spike(_series_of(prior), week, 0, prior.expected, 0.0)
                changed += _changed(prior, _alert(gone, prior, closed, now, self._named, retracted=True))
        self._emitted.update((a.event_id, a) for a in changed)
        return sorted(changed, key=lambda a: (a.tenant, a.area_id or "", a.category or ""))

    def _counts(self, week: str, tenants: set[str] | None) -> dict[Series, int]:
        chosen = {"some": tenants is not None, "tenants": sorted(tenants or ())}
        rows = self._warehouse.query(SERIES, {**chosen, "week": week})
        return {Series(tenant, category, area or None): int(n) for tenant, area, category, n in rows}

    def _reporting_since(self, week: str, tenants: set[str]) -> set[str]:
        """The tenants reporting for at least the ``RECENT`` weeks before ``week``: a newer one's
        baseline would be the weeks it was not reporting, and its first counts would all read as spikes.
        A first incident only moves earlier (history is imported, never taken back), so a tenant found
        reporting long enough is not asked about again."""
        enough = monday_of(week) - timedelta(weeks=RECENT) + timedelta(days=6)  # that week's Sunday
        unsure = sorted(t for t in tenants if self._began.get(t, date.max) > enough)
        if unsure:
            self._began.update(first_days(self._warehouse, unsure))
        return {t for t in tenants if self._began.get(t, date.max) <= enough}

    def _baselines_of(self, week: str, series: list[Series]) -> dict[Series, Expected]:
        """What each series is expected to count in ``week``, fitted once per series and week."""
        missing = [s for s in series if (s, week) not in self._baselines]
        if missing:
            monday = monday_of(week)
            asked = {"tenants": sorted({s.tenant for s in missing}), "monday": monday,
                     "categories": sorted({s.category for s in missing}),
                     "first": monday - timedelta(weeks=HISTORY)}  # fmt: skip
            before = {s: [0] * HISTORY for s in missing}
            for tenant, area, category, first_day, n in self._warehouse.query(HISTORY_SQL, asked):
                counts = before.get(Series(tenant, category, area or None))
                if counts is not None:
                    counts[HISTORY - (monday - first_day).days // 7] = int(n)
            self._baselines.update(((s, week), e) for s, e in expectations(before).items())
        return {s: self._baselines[(s, week)] for s in series}

    def _known(self, week: str, tenants: set[str] | None) -> dict[uuid.UUID, Alert]:
        chosen = {"some": tenants is not None, "tenants": sorted(tenants or ())}
        names, rows = self._warehouse.named_rows(STORED, {**chosen, "week": week})
        stored = (Alert.model_validate(dict(zip(names, row, strict=True))) for row in rows)
        known = {alert.event_id: alert for alert in stored}
        for alert in self._emitted.values():
            held = known.get(alert.event_id)
            mine = alert.week == week and (tenants is None or alert.tenant in tenants)
            if mine and (held is None or alert.version > held.version):
                known[alert.event_id] = alert
        return known


def _series_of(alert: Alert) -> Series:
    return Series(alert.tenant, alert.category or "", alert.area_id)


def _alert(spike: Spike, prior: Alert | None, closed: bool, now: datetime, named: Callable[[str], str], *,
           retracted: bool = False) -> Alert:  # fmt: skip
    series = spike.series
    return Alert(
        event_id=spike.alert_id, tenant=series.tenant, occurred=now, published=now,
        version=prior.version + 1 if prior else 1, retracted=retracted, rule="spike",
        severity="critical" if spike.z >= CRITICAL else "warning", week=spike.week, area_id=series.area_id,
        category=series.category, observed=float(spike.observed), expected=round(spike.expected, 4),
        z=spike.z, dispersion=max(1.0, spike.dispersion), baseline_years=spike.years, closed=closed,
        message=message(spike, named(series.category), retracted=retracted),
    )  # fmt: skip


def _changed(prior: Alert | None, alert: Alert) -> list[Alert]:
    """The alert, unless it says what the known version says."""
    if prior is None:
        return [] if alert.retracted else [alert]
    same = ("retracted", "severity", "observed", "expected", "closed")
    if all(getattr(prior, name) == getattr(alert, name) for name in same):
        return []
    return [alert]
