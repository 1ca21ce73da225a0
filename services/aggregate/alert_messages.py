"""What an alert says, in Swedish (the platform's default language), with Swedish decimal commas."""

from __future__ import annotations

from services.aggregate.spikes import Spike


def message(spike: Spike, category: str, *, retracted: bool = False) -> str:
    """The alert in words, its category as ``category`` says it."""
    series = spike.series
    where = f" i {series.area_id}" if series.area_id else ""
    mean, z = (f"{value:.1f}".replace(".", ",") for value in (spike.expected, spike.z))
    numbers = f"{spike.observed} händelser vecka {spike.week}, väntat {mean} (z = {z})"
    if retracted:
        return f"{category}{where}: återkallat, inte längre en topp: {numbers}"
    return f"{category}{where}: {numbers}"
