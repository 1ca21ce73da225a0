"""Tested hot spots, calibrated: how often a map of noise shows a hot spot and how often a planted
cluster is found, by simulation under several kinds of noise. Their time at regional scale is
bench/where_next.py's.

    python bench/hotspots.py [--draws 1000]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import h3
import numpy as np
from numpy.typing import NDArray

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from embrace.geo.cells import cells_of, ring_one
from embrace.statistics.hotspots import hot_and_cold

AREA = {"type": "Polygon", "coordinates": [[[18.0, 59.3], [18.12, 59.3], [18.12, 59.36], [18.0, 59.36],
                                            [18.0, 59.3]]]}  # fmt: skip
Draw = Callable[[np.random.Generator, int], NDArray[np.int64]]
NOISE: dict[str, Draw] = {
    "Poisson, mean 0.3": lambda rng, n: rng.poisson(0.3, n),
    "negative binomial, mean 1, variance 2": lambda rng, n: rng.negative_binomial(1, 0.5, n),
    "negative binomial, mean 2.7, variance 27": lambda rng, n: rng.negative_binomial(0.3, 0.1, n),
}


def calibration(draws: int) -> None:
    cells = cells_of(AREA, 9)
    near = ring_one(cells)
    centre = cells.index(h3.latlng_to_cell(59.33, 18.06, 9))
    cluster = [cells.index(c) for c in h3.grid_disk(cells[centre], 1)]
    rng = np.random.default_rng(2026)
    print(f"\n{len(cells)} cells of resolution 9, {draws} maps each; planted: +Poisson(4) in 7 cells")
    print(f"{'noise':<42}{'maps with a false hot spot':>28}{'cluster found':>15}")
    for name, draw in NOISE.items():
        false_maps = found = 0
        for _ in range(draws):
            noise = draw(rng, len(cells)).astype(float)
            false_maps += any(k == "hot" for k in hot_and_cold(noise, near).kind)
            planted = noise.copy()
            planted[cluster] += rng.poisson(4, len(cluster))
            found += hot_and_cold(planted, near).kind[centre] == "hot"
        print(f"{name:<42}{100 * false_maps / draws:>27.1f}%{100 * found / draws:>14.1f}%")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    calibration(args.draws)


if __name__ == "__main__":
    main()
