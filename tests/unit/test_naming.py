"""How codes read to a person: a tenant's own codes by their names, the rest by the catalogue."""

from __future__ import annotations

from embrace.naming import Names, labeller
from embrace.taxonomy import Taxonomy

NAMES = Names("Stockholm", {"centrum": "Centrum"}, {"kommunen": "Stockholms stad"}, {"0180": "Stockholm"})


def test_a_tenant_s_areas_organisations_and_tenants_read_by_their_names() -> None:
    label = labeller(Taxonomy.load(), "sv", NAMES)
    assert label("area", "centrum") == "Centrum"
    assert label("organisation", "kommunen") == "Stockholms stad"
    assert label("tenant", "0180") == "Stockholm"
    assert label("area", "hamnen") == "hamnen"  # an area the tenant has not named reads as it is


def test_without_names_codes_read_as_they_are_and_categories_by_the_taxonomy() -> None:
    label = labeller(Taxonomy.load(), "en")
    assert label("area", "centrum") == "centrum"
    assert label("category", "intoxicated_persons") == "Intoxicated persons"
    assert label("source", "police_events") == "police notices"


def test_emerging_patterns_read_in_the_page_s_language_hot_and_cold() -> None:
    swedish, english = labeller(Taxonomy.load(), "sv"), labeller(Taxonomy.load(), "en")
    assert [swedish("pattern", p) for p in ("new", "cold intensifying")] == ["ny", "tilltagande (kall fläck)"]
    assert english("pattern", "cold oscillating") == "cold oscillating"
