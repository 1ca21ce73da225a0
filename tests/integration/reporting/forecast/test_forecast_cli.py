"""`embrace forecast backtest` scores the forecast of the demo municipality's areas week by week against
the naive forecasts, and says plainly when there is nothing to score."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest

from embrace.errors import OperatorError
from embrace.warehouse import Warehouse
from embrace.weeks import last_week, shift
from services.cli import forecast_commands
from services.cli.demo import DEMO_TENANT, seed_demo
from services.cli.main import build_parser
from tests.support.system import System


def test_the_backtest_prints_the_model_beside_the_naive_forecasts(
    system: System, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed_demo(system.sql_store, datetime.now(UTC))
    system.relay.drain()

    @contextmanager
    def the_systems(_settings: object, _ask: str) -> Iterator[Warehouse]:
        yield system.warehouse

    monkeypatch.setattr(forecast_commands, "reading", the_systems)
    said: list[str] = []
    last = last_week()
    args = build_parser().parse_args(["forecast", "backtest", "--tenant", DEMO_TENANT,
                                      "--from", shift(last, -3), "--to", last])  # fmt: skip
    args.handler(args, said.append)
    assert said[0] == "4 places, 4 weeks forecast, each from the weeks before it"
    assert [line[:18].strip() for line in said[2:10]] == [
        "model", "model median", "last week", "mean of 4 weeks", "long-run mean", "long-run median",
        "hindsight mean", "hindsight median",
    ]  # fmt: skip
    assert said[-4].startswith("model median mae against the best naive forecast")
    assert said[-2].startswith("model deviance against the best naive forecast")
    assert said[-1].startswith("  hindsight mean (not a forecast) against it")
    empty = build_parser().parse_args(
        ["forecast", "backtest", "--tenant", "0180", "--from", last, "--to", last]
    )
    with pytest.raises(OperatorError, match="no incidents"):
        empty.handler(empty, said.append)
