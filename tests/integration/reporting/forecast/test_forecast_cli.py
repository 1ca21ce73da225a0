"""`embrace forecast backtest` scores the forecast of the demo municipality's areas week by week against
the naive forecasts, from the weeks the API would read and only once there are enough of them, and says
plainly when there is nothing to score or a week or code is mistyped."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from embrace.errors import OperatorError
from embrace.warehouse import Warehouse
from embrace.weeks import last_week, shift
from services.cli import forecast_commands
from services.cli.demo.history import GROWING, WEEKS
from services.cli.demo.seed import DEMO_TENANT, seed_demo
from services.cli.main import build_parser
from tests.support.system import System

LAST = last_week()


@pytest.fixture
def demo(system: System, monkeypatch: pytest.MonkeyPatch) -> System:
    seed_demo(system.sql_store, datetime.now(UTC))
    system.relay.drain()

    @contextmanager
    def the_systems(_settings: object, _ask: str) -> Iterator[Warehouse]:
        yield system.warehouse

    monkeypatch.setattr(forecast_commands, "reading", the_systems)
    return system


def backtest(*args: str) -> list[str]:
    said: list[str] = []
    parsed = build_parser().parse_args(["forecast", "backtest", *args])
    parsed.handler(parsed, said.append)
    return said


def test_the_backtest_prints_the_model_beside_the_naive_forecasts(demo: System) -> None:
    said = backtest("--tenant", DEMO_TENANT, "--from", shift(LAST, -3), "--to", LAST)
    assert said[0] == "4 places, 4 weeks forecast, each from the weeks before it"
    assert [line[:18].strip() for line in said[2:10]] == [
        "model", "model median", "last week", "mean of 4 weeks", "long-run mean", "long-run median",
        "hindsight mean", "hindsight median",
    ]  # fmt: skip
    assert said[-4].startswith("model median mae against the best naive forecast")
    assert said[-2].startswith("model deviance against the best naive forecast")
    assert said[-1].startswith("  hindsight mean (not a forecast) against it")
    with pytest.raises(OperatorError, match="no incidents"):
        backtest("--tenant", "0180", "--from", LAST, "--to", LAST)


def test_on_the_demo_the_model_matches_the_naive_forecasts_in_quiet_weeks_and_lags_a_new_trend(
    demo: System,
) -> None:
    """Four areas: seven pooled coefficients learn the quiet weeks' level, and catch up slowly with the
    gathering that grows in the demo's last weeks, where last week's count follows it at once."""
    quiet = backtest("--tenant", DEMO_TENANT, "--from", shift(LAST, 9 - WEEKS), "--to", shift(LAST, -GROWING))
    growing = backtest("--tenant", DEMO_TENANT, "--from", shift(LAST, 1 - GROWING), "--to", LAST)
    assert abs(deviance_against_the_best_naive(quiet)) < 10
    assert deviance_against_the_best_naive(growing) > 50


def deviance_against_the_best_naive(said: list[str]) -> float:
    return float(said[-2].split(": ")[1].rstrip(" %"))


def test_the_weeks_before_the_first_incident_are_not_history(demo: System) -> None:
    begun = shift(LAST, 1 - WEEKS)
    said = backtest("--tenant", DEMO_TENANT, "--from", "2020-W01", "--to", LAST)
    assert (
        said[0]
        == f"from {shift(begun, 8)}: the incidents begin in {begun}, and a forecast needs 8 weeks of history"
    )
    assert said[1].startswith(f"4 places, {WEEKS - 8} weeks forecast")
    with pytest.raises(OperatorError, match=f"begin in {begun}: a forecast needs 8 weeks of history"):
        backtest("--tenant", DEMO_TENANT, "--from", begun, "--to", shift(begun, 7))


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [("--from", "2026-W99", "'2026-W99' is not an ISO week that exists"),
     ("--tenant", "18800", "'18800' is not a municipality's four-digit code")],
)  # fmt: skip
def test_a_mistyped_week_or_code_is_a_usage_error_naming_the_option(
    option: str, value: str, said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    given = {"--tenant": DEMO_TENANT, "--from": LAST, "--to": LAST, option: value}
    with pytest.raises(SystemExit):
        build_parser().parse_args(["forecast", "backtest", *(x for pair in given.items() for x in pair)])
    assert f"argument {option}: {said}" in capsys.readouterr().err
