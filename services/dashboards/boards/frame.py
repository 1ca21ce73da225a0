"""What every dashboard shares: its frame (uid, title, tags, time range, variables)."""

from __future__ import annotations

from grafana_foundation_sdk.builders.dashboard import Dashboard

from services.dashboards.variables import VARIABLES

LAGESBILD, OMRADE, TIDER, KARTA, INSATSER, TRYGGHET, DRIFT, ARBETE = (
    f"embrace-{name}"
    for name in ("lagesbild", "omrade", "tider", "karta", "insatser", "trygghet", "drift", "arbete")
)


def frame(uid: str, title: str, description: str, *, since: str = "now-12w") -> Dashboard:
    """A dashboard of the platform with the variables every panel honours."""
    board = (
        Dashboard(title).uid(uid).description(description).tags(["embrace"]).time(since, "now")
        .timezone("browser").refresh("5m").week_start("monday").editable()
    )  # fmt: skip
    return board.variables([variable.builder("{db}") for variable in VARIABLES])
