from __future__ import annotations

from pathlib import Path

import pytest

from embrace.errors import ConfigurationError
from embrace.taxonomy import Taxonomy


def test_the_builtin_taxonomy_covers_crime_insecurity_and_interventions(taxonomy: Taxonomy) -> None:
    assert {c.code for c in taxonomy.in_group("insecurity")} >= {"littering", "vandalism", "dark_place"}
    assert taxonomy["disturbing_groups"].label("sv") == "Grupper som stör ordningen"
    assert taxonomy["burglary"].group == "crime"
    assert taxonomy["safety_walk"].group == "intervention"


def test_every_category_has_a_swedish_and_an_english_label(taxonomy: Taxonomy) -> None:
    assert all(c.sv and c.en for c in taxonomy)


def test_a_deployment_adds_categories_from_its_own_file(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "code,group,sv,en\nescooter_clutter,insecurity,Elsparkcyklar i vägen,E-scooter clutter\n"
    )
    extended = Taxonomy.load(extra)
    assert extended["escooter_clutter"].label("en") == "E-scooter clutter"
    assert "littering" in extended


def test_an_extra_file_cannot_redefine_an_existing_code(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text(
        "code,group,sv,en\nescooter,insecurity,Sparkcykel,Scooter\nlittering,crime,Skräp,Litter\n"
    )
    with pytest.raises(ConfigurationError, match=r"extra.csv:3: category 'littering' is already defined"):
        Taxonomy.load(extra)


def test_an_unknown_group_is_reported_with_file_and_line(tmp_path: Path) -> None:
    extra = tmp_path / "extra.csv"
    extra.write_text("code,group,sv,en\nnoise,nuisance,Buller,Noise\n")
    with pytest.raises(ConfigurationError, match=r"extra.csv:2: group 'nuisance'"):
        Taxonomy.load(extra)
