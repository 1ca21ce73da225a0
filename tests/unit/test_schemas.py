from __future__ import annotations

from pathlib import Path

from embrace import schemas

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"


def test_committed_schemas_match_the_contracts() -> None:
    stale = schemas.drift(SCHEMAS)
    assert not stale, f"schemas/ drifted from the contracts: {stale}; run `embrace schemas write`"


def test_drift_is_detected_for_edited_missing_and_extra_files(tmp_path: Path) -> None:
    schemas.write(tmp_path)
    assert schemas.drift(tmp_path) == []
    (tmp_path / "incident-report.v1.json").write_text("{}")
    (tmp_path / "alert.v1.json").unlink()
    (tmp_path / "retired.v1.json").write_text("{}")
    assert schemas.drift(tmp_path) == ["alert.v1.json", "incident-report.v1.json", "retired.v1.json"]


def test_every_schema_is_named_after_its_contract_and_version() -> None:
    names = sorted(schemas.expected_files())
    assert "incident-report.v1.json" in names
    assert "dead-letter.v1.json" in names
    assert all(name.endswith(".v1.json") for name in names)
