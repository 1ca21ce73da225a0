from __future__ import annotations

import json
from collections.abc import Sequence

import pytest
from prometheus_client import CollectorRegistry

from embrace.bus.inprocess import InProcessBus
from embrace.bus.metrics import BusMetrics
from embrace.bus.publishing import DeliveryFailed
from embrace.bus.stages import Sink
from embrace.codec import encode
from embrace.contracts import DeadLetter
from embrace.record import Record
from embrace.topics import dead_letters
from tests.support.toy_bus import NUMBERS, REFUSED, Collector, Number, stages


class DeadLetterBox:
    def __init__(self) -> None:
        self.letters: list[DeadLetter] = []

    def __call__(self, batch: Sequence[DeadLetter]) -> None:
        self.letters.extend(batch)


def bus_with(collector: Collector, *, batch_size: int = 100) -> tuple[InProcessBus, DeadLetterBox]:
    box = DeadLetterBox()
    all_stages = [
        *stages(collector, batch_size),
        Sink("letters", (dead_letters("double"), dead_letters("collect")), box),
    ]
    return InProcessBus(all_stages, BusMetrics(CollectorRegistry()), sleep=lambda _: None), box


def number(value: int) -> Record:
    return Record(NUMBERS.name, str(value).encode(), encode(Number(value=value)))


def test_records_flow_through_every_stage_in_publication_order() -> None:
    collector = Collector()
    bus, _ = bus_with(collector)
    bus.publish([number(1), number(2), number(3)])
    bus.publish([number(4)])
    assert collector.values == [2, 4, 6, 8]


def test_a_sink_receives_one_delivery_in_batches_of_its_size() -> None:
    collector = Collector()
    bus, _ = bus_with(collector, batch_size=2)
    bus.publish([number(n) for n in range(5)])
    assert collector.batches == [[0, 2], [4, 6], [8]]


def test_undecodable_bytes_become_a_dead_letter_with_the_reason_and_the_rest_goes_on() -> None:
    collector = Collector()
    bus, box = bus_with(collector)
    bus.publish(
        [
            number(1),
            Record(NUMBERS.name, b"k", b'{"value": "one"}'),
            Record(NUMBERS.name, None, b"\xff"),
            number(2),
        ]
    )
    assert collector.values == [2, 4]
    assert [letter.original for letter in box.letters] == [b'{"value": "one"}', b"\xff"]
    assert "invalid Number: value: Input should be a valid integer" in box.letters[0].reason
    assert box.letters[0].stage == "double"
    assert (box.letters[0].source_topic, box.letters[0].key, box.letters[0].offset) == (NUMBERS.name, b"k", 1)


def test_rejected_input_and_stage_errors_are_dead_lettered_not_retried() -> None:
    collector = Collector()
    bus, box = bus_with(collector)
    bus.publish([number(-1), number(13), number(5)])
    assert collector.values == [10]
    assert [letter.reason for letter in box.letters] == [
        "rejected: negative numbers are not doubled",
        "stage error: RuntimeError: unlucky",
    ]


def test_a_failing_sink_is_retried_until_it_succeeds() -> None:
    collector = Collector(failures=3)
    bus, _ = bus_with(collector)
    bus.publish([number(1)])
    assert collector.values == [2]


def test_a_sink_that_keeps_failing_fails_the_delivery_so_the_caller_keeps_the_records() -> None:
    collector = Collector(failures=99)
    bus, _ = bus_with(collector)
    with pytest.raises(DeliveryFailed, match="collect: ConnectionError: store unreachable"):
        bus.publish([number(1)])


def test_dead_letters_keep_the_original_bytes_in_base64_json() -> None:
    collector = Collector()
    bus, box = bus_with(collector)
    bus.publish([Record(NUMBERS.name, None, b"\x00\x01")])
    as_json = json.loads(box.letters[0].model_dump_json())
    assert as_json["original"] == "AAE="
    assert DeadLetter.model_validate_json(box.letters[0].model_dump_json()).original == b"\x00\x01"


def test_a_row_the_store_refuses_is_a_dead_letter_and_its_batch_neighbours_are_written() -> None:
    collector = Collector()
    bus, box = bus_with(collector, batch_size=8)
    bus.publish([number(n) for n in (1, 2, 3, 333, 5, 6, 7, 8)])  # one batch of eight, 333 doubles to 666
    assert sorted(collector.values) == [2, 4, 6, 10, 12, 14, 16]
    [letter] = box.letters
    assert (letter.stage, Number.model_validate_json(letter.original).value) == ("collect", REFUSED)
    assert letter.reason == f"store refused: ValueError: cannot hold {REFUSED}"
    # halving finds one bad row among eight in a handful of writes, not one write per row
    assert collector.attempts <= 2 * 3 + 1
