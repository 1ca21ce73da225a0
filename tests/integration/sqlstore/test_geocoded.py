"""The geocoder's answers in the SQL store: loaded while kept, and forgotten with what else comes of age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from embrace.sqlstore import SqlStore
from embrace.sqlstore.geocoded import GeocodeCache, Keeping
from embrace.sqlstore.retention import forget_what_came_of_age

T0 = datetime(2026, 1, 5, 12, tzinfo=UTC)


def kept(any_sql_store: SqlStore) -> GeocodeCache:
    cache = GeocodeCache(any_sql_store, Keeping(found_days=60, unfound_days=30))
    cache.save("0180", "storgatan 1", (59.3325, 18.0649), T0)
    cache.save("0180", "ingenstans", None, T0)
    return cache


def test_a_restart_loads_only_the_answers_still_kept(any_sql_store: SqlStore) -> None:
    cache = kept(any_sql_store)
    assert set(cache.load(T0 + timedelta(days=29))) == {("0180", "storgatan 1"), ("0180", "ingenstans")}
    [(key, answer)] = cache.load(T0 + timedelta(days=31)).items()
    assert (key, answer.point, answer.answered_at) == (("0180", "storgatan 1"), (59.3325, 18.0649), T0)
    assert cache.load(T0 + timedelta(days=61)) == {}


def test_the_store_forgets_not_found_after_a_month_and_a_point_after_the_free_text_days(
    any_sql_store: SqlStore,
) -> None:
    cache = kept(any_sql_store)
    forget_what_came_of_age(any_sql_store, T0 + timedelta(days=31), free_text_days=60)
    assert set(cache.load(T0)) == {("0180", "storgatan 1")}
    forget_what_came_of_age(any_sql_store, T0 + timedelta(days=59), free_text_days=60)
    assert set(cache.load(T0)) == {("0180", "storgatan 1")}
    forget_what_came_of_age(any_sql_store, T0 + timedelta(days=61), free_text_days=60)
    assert cache.load(T0) == {}


def test_an_answer_given_again_is_kept_from_then(any_sql_store: SqlStore) -> None:
    cache = kept(any_sql_store)
    cache.save("0180", "ingenstans", None, T0 + timedelta(days=20))
    assert set(cache.load(T0 + timedelta(days=31))) == {("0180", "storgatan 1"), ("0180", "ingenstans")}
    assert cache.forget(T0 + timedelta(days=31)) == 0
    assert cache.forget(T0 + timedelta(days=51)) == 1
