"""kafka-python checksums every record batch it sends (CRC-32C). With the `crc32c` package installed it
does so in C; without it, in Python: 112 ms of CPU per megabyte against 0.12 ms in C. Ten batches of a
thousand reports then took the outbox relay 12.0-12.2 s to publish instead of 9.8-9.9 s."""

from __future__ import annotations

from kafka.record import util


def test_kafka_python_checksums_record_batches_in_c() -> None:
    assert util.crc32c_c is not None, "the crc32c package is missing: pip install -c constraints.txt crc32c"
    assert util.calc_crc32c(b"123456789") == 0xE3069283  # the check value of CRC-32C (Castagnoli)
