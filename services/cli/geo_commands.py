"""`embrace geo import`: official municipality and county boundaries from the operator's GeoJSON."""

from __future__ import annotations

import argparse
import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from embrace.errors import OperatorError
from embrace.geo.polygons import GeometryError, polygonal
from embrace.settings import load_settings
from embrace.sqlstore.boundaries import BoundaryRecord, save_boundaries
from services.cli.stores import open_sql_store

Say = Callable[[str], None]
# Property names of common Swedish sources, tried in order when no --code-property is given.
CODE_PROPERTIES = {
    "municipality": ("kommunkod", "kom_kod", "id", "code"),
    "county": ("lanskod", "l_id", "code", "id"),
}
NAME_PROPERTIES = ("kom_namn", "kommunnamn", "lan_namn", "name")
COUNTY_PROPERTIES = ("lan_code", "lanskod", "county_code")


def register(
    commands: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    geo = commands.add_parser("geo", help="official boundaries").add_subparsers(dest="action", required=True)
    imported = geo.add_parser("import", parents=[common], help="import municipality or county boundaries")
    imported.add_argument(
        "file",
        type=Path,
        help="GeoJSON of (multi)polygons, or a CSV of codes and names (see the README)",
    )
    imported.add_argument("--kind", choices=("municipality", "county"), default="municipality")
    imported.add_argument("--code-property", help="property holding the code (kommunkod / länskod)")
    imported.add_argument("--name-property", help="property holding the name")
    imported.set_defaults(handler=_import)


def _import(args: argparse.Namespace, say: Say) -> None:
    names_only = args.file.suffix.lower() == ".csv"
    if names_only:
        records = list(read_names(args.file))
    else:
        records = list(read_boundaries(args.file, args.kind, args.code_property, args.name_property))
    sql_store = open_sql_store(load_settings(home=args.home))
    with sql_store.session() as session:
        added, replaced = save_boundaries(session, records)
    what = "municipality and county names" if names_only else f"{args.kind} boundaries"
    say(f"{args.file}: {len(records)} {what} ({added} new, {replaced} replaced)")
    say("restart running services to use them")


NAME_COLUMNS = ("municipality_code", "municipality_name", "county_code", "county_name")


def read_names(path: Path) -> Iterator[BoundaryRecord]:
    """Codes and names only (Statistics Sweden's table): what imports need to place names."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise OperatorError(f"{path}: cannot read ({exc.strerror})") from None
    reader = csv.DictReader(text.splitlines())
    if tuple(reader.fieldnames or ()) != NAME_COLUMNS:
        raise OperatorError(f"{path}:1: the columns must be {','.join(NAME_COLUMNS)}")
    counties: dict[str, str] = {}
    for row in reader:
        code, county = row["municipality_code"].strip(), row["county_code"].strip()
        if not (len(code) == 4 and code.isdigit() and len(county) == 2 and county.isdigit()):
            raise OperatorError(
                f"{path}:{reader.line_num}: codes must be 4 (municipality) and 2 (county) digits"
            )
        counties[county] = row["county_name"].strip()
        yield BoundaryRecord(code, "municipality", row["municipality_name"].strip(), county, None)
    for county, name in counties.items():
        yield BoundaryRecord(county, "county", name, county, None)


def read_boundaries(
    path: Path, kind: str, code_property: str | None = None, name_property: str | None = None
) -> Iterator[BoundaryRecord]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OperatorError(f"{path}: cannot read ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise OperatorError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from None
    features = document.get("features") if isinstance(document, dict) else None
    if not isinstance(features, list) or not features:
        raise OperatorError(f"{path}: not a GeoJSON FeatureCollection with features")
    width = 4 if kind == "municipality" else 2
    for number, feature in enumerate(features, start=1):
        where = f"{path}: feature {number}"
        properties: dict[str, Any] = feature.get("properties") or {}
        code = _pick(properties, (code_property,) if code_property else CODE_PROPERTIES[kind], where, "code")
        name = _pick(properties, (name_property,) if name_property else NAME_PROPERTIES, where, "name")
        code = str(code).strip().zfill(width)
        if not code.isdigit() or len(code) != width:
            raise OperatorError(f"{where}: code {code!r} is not a {width}-digit {kind} code")
        try:
            polygonal(feature.get("geometry") or {})
        except GeometryError as exc:
            raise OperatorError(f"{where} ({code} {name}): {exc}") from None
        county = next((str(properties[p]).zfill(2) for p in COUNTY_PROPERTIES if p in properties), None)
        yield BoundaryRecord(
            code, kind, str(name), county if kind == "municipality" else code, feature["geometry"]
        )


def _pick(properties: dict[str, Any], names: tuple[str, ...], where: str, what: str) -> Any:
    for name in names:
        if properties.get(name) not in (None, ""):
            return properties[name]
    raise OperatorError(f"{where}: no {what} in properties {', '.join(names)}; pass --{what}-property")
