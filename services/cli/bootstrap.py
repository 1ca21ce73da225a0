"""Building the stages, relay and scheduler a running process needs from settings (its stores open in
``services/cli/stores.py``). Nothing here runs at import.

Each builder imports its service when it is called: a process that runs one service (`embrace serve`)
does not load the others' stacks, such as aggregate's statistics for enrich."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from prometheus_client import CollectorRegistry

from embrace.bus.kafka_producer import KafkaPublisher
from embrace.bus.publishing import Publisher
from embrace.bus.stages import Stage
from embrace.geo.boundaries import Boundaries
from embrace.setting_values import AlertThresholds
from embrace.settings import Settings
from embrace.sqlstore import SqlStore
from embrace.sqlstore.boundaries import municipality_boundaries
from embrace.sqlstore.geocoded import GeocodeCache, Keeping
from embrace.sqlstore.places import stored_areas, stored_places
from embrace.taxonomy import Taxonomy
from embrace.validation import Policy
from embrace.warehouse import Warehouse

if TYPE_CHECKING:
    from services.enrich.enrichment import EnrichContext
    from services.enrich.geocoding import NominatimGeocoder
    from services.ingest.relay import OutboxRelay
    from services.reporting.delivery.schedule import Scheduler


def policy(settings: Settings) -> Policy:
    return Policy(
        max_age=timedelta(days=settings.max_incident_age_days),
        max_skew=timedelta(seconds=settings.max_clock_skew_seconds),
    )


def enrich_context(settings: Settings, taxonomy: Taxonomy, sql_store: SqlStore) -> EnrichContext:
    """What enrich knows at start: the boundaries, and the areas and gazetteer kept in the SQL store (its
    followers keep them current from then on)."""
    from services.enrich.enrichment import EnrichContext
    from services.enrich.places import PlaceBook

    with sql_store.session() as session:
        boundaries = municipality_boundaries(session)
        book = PlaceBook(boundaries, geocoder(settings, boundaries, sql_store))
        for area in stored_areas(session):
            book.apply_area(area)
        for place in stored_places(session):
            book.apply_place(place)
    return EnrichContext(
        taxonomy=taxonomy,
        zone=ZoneInfo(settings.timezone),
        policy=policy(settings),
        backfill_policy=Policy(max_age=None, max_skew=timedelta(seconds=settings.max_clock_skew_seconds)),
        book=book,
    )


def geocoder(settings: Settings, boundaries: Boundaries, sql_store: SqlStore) -> NominatimGeocoder | None:
    if not settings.geocoder_url:
        return None
    from services.enrich.geocoding import NominatimGeocoder

    cache = GeocodeCache(sql_store, Keeping(found_days=settings.free_text_days))
    return NominatimGeocoder(settings.geocoder_url, settings.geocoder_user_agent, boundaries, cache).start()


def pipeline_stages(
    settings: Settings, taxonomy: Taxonomy, warehouse: Warehouse, sql_store: SqlStore
) -> list[Stage]:
    """Every stage of the embedded pipeline, in the order a record meets them."""
    from services.enrich.stages import build_stages as enrich_stages

    enrich = enrich_stages(enrich_context(settings, taxonomy, sql_store))
    return [*enrich, *writer_stages(settings, warehouse, taxonomy)]


def writer_stages(settings: Settings, warehouse: Warehouse, taxonomy: Taxonomy | None = None) -> list[Stage]:
    """The aggregate service's stages, with the alert thresholds of the settings; alert messages name
    categories in Swedish, the platform's default language, by ``taxonomy`` (else the settings')."""
    from services.aggregate.spikes import Rule, Rules
    from services.aggregate.stages import build_stages as aggregate_stages

    def rule(thresholds: AlertThresholds) -> Rule:
        return Rule(z=thresholds.z, minimum=thresholds.minimum)

    named = (taxonomy or Taxonomy.load(settings.taxonomy_extra)).named
    tenants = {tenant: rule(t) for tenant, t in settings.tenant_alert_thresholds.items()}
    return aggregate_stages(warehouse, Rules(rule(settings.alert_thresholds), tenants), named)


def outbox_relay(
    settings: Settings,
    sql_store: SqlStore,
    registry: CollectorRegistry,
    *,
    bus: Publisher | None = None,
    client_id: str = "embrace-relay",
) -> OutboxRelay:
    """The one way a relay is made: onto the given in-process bus, or else onto Kafka."""
    from services.ingest.relay import OutboxRelay

    connect: Callable[[], Publisher]
    if bus is not None:
        embedded = bus
        connect = lambda: embedded  # noqa: E731 - the bus lives as long as the system
    else:
        connect = partial(KafkaPublisher, settings.kafka, client_id, namespace=settings.topic_namespace)
    return OutboxRelay(sql_store, connect, registry=registry, idle_seconds=settings.relay_interval_seconds)


def scheduler(
    settings: Settings, sql_store: SqlStore, warehouse: Warehouse, registry: CollectorRegistry | None = None
) -> Scheduler:
    """The reports' schedule: mail through EMBRACE_SMTP_URL when set, else archive only."""
    from services.reporting.delivery.kinds import RunTime
    from services.reporting.delivery.mail import mailer
    from services.reporting.delivery.schedule import Scheduler

    send = mailer(settings.smtp_url, settings.mail_from) if settings.smtp_url else None
    taxonomy, zone = Taxonomy.load(settings.taxonomy_extra), ZoneInfo(settings.timezone)
    times = {tenant: RunTime(t.weekday, t.hour) for tenant, t in settings.tenant_report_times.items()}
    return Scheduler(sql_store, warehouse, taxonomy, zone, send, settings.public_url.rstrip("/"), times,
                     registry, settings.free_text_days)  # fmt: skip
