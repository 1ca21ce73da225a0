"""Every dashboard, rendered to the JSON Grafana provisions from ``deploy/grafana/dashboards/``.

The files are generated and committed; ``embrace grafana dashboards --check`` (and a test) fails when they
drift from this code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from grafana_foundation_sdk.builders.dashboard import Dashboard
from grafana_foundation_sdk.cog.encoder import JSONEncoder

from embrace.weeks import SWEDEN
from services.dashboards.boards.arbete import arbete
from services.dashboards.boards.drift import drift
from services.dashboards.boards.insatser import insatser
from services.dashboards.boards.karta import karta
from services.dashboards.boards.lagesbild import lagesbild
from services.dashboards.boards.omrade import omrade
from services.dashboards.boards.tider import tider
from services.dashboards.boards.trygghet import trygghet

BOARDS: dict[str, Callable[[], Dashboard]] = {
    "lagesbild": lagesbild, "omrade": omrade, "tider": tider, "karta": karta, "insatser": insatser,
    "trygghet": trygghet, "drift": drift, "arbete": arbete,
}  # fmt: skip
DEFAULT_DATABASE = "embrace"


def render(name: str, database: str = DEFAULT_DATABASE, zone: str = SWEDEN) -> dict[str, Any]:
    """One dashboard as Grafana's JSON model, its SQL reading ``database`` and counting days in ``zone``."""
    text = json.dumps(BOARDS[name]().build(), cls=JSONEncoder, ensure_ascii=False)
    model: dict[str, Any] = json.loads(text.replace("{db}", database).replace("{zone}", zone))
    for number, panel in enumerate(model.get("panels", []), start=1):
        panel["id"] = number  # Grafana needs ids unique in a dashboard; the SDK leaves them out
    return model


def rendered(database: str = DEFAULT_DATABASE) -> dict[str, str]:
    """Every dashboard's file name and text."""
    return {f"{name}.json": json.dumps(render(name, database), indent=2, ensure_ascii=False) + "\n"
            for name in BOARDS}  # fmt: skip


def write(folder: Path, database: str = DEFAULT_DATABASE) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in rendered(database).items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def _text(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.is_file() else None


def drifted(folder: Path) -> list[str]:
    """The dashboard files that differ from the code, or are missing, or are left over."""
    expected = rendered()
    present = {path.name for path in folder.glob("*.json")}
    differ = [name for name, text in expected.items() if _text(folder / name) != text]
    return sorted(differ + sorted(present - set(expected)))
