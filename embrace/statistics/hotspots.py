"""Tested hot spots: the Getis-Ord Gi* statistic of each place's count among its neighbours.

For place ``i`` with neighbours ``j`` (itself included, binary weights ``w_ij``), ``n`` places, counts
``x`` with mean ``x̄`` and standard deviation ``s`` (population form):

    z_i = (Σ_j w_ij x_j − x̄ W_i) / (s √((n W_i − W_i²) / (n − 1))),   W_i = Σ_j w_ij

(Getis and Ord 1992; Ord and Getis 1995). Under the null of no spatial association (the counts placed at
random over the places) z is about standard normal; it is a test of where counts cluster, not of how
many there are, so it needs no Poisson assumption: over-dispersed and seasonal counts are compared with
their own spread. A place is a hot (cold) spot when its two-sided p-value survives Benjamini–Hochberg
false-discovery-rate control across all the places tested together (q ≤ :data:`FDR`).
The simulation tests (``tests/unit/statistics/test_hotspots.py``) measure how often a map of pure
noise shows any hot spot, and how often a planted cluster is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import scipy
from numpy.typing import NDArray

from embrace.statistics.flags import adjusted

FDR = 0.05
Kind = Literal["hot", "cold", ""]


@dataclass(frozen=True)
class Tested:
    z: NDArray[np.float64]
    p: NDArray[np.float64]  # two-sided
    q: NDArray[np.float64]  # Benjamini–Hochberg, across the places
    kind: list[Kind]


def gi_star(counts: NDArray[np.float64], neighbours: scipy.sparse.csr_array) -> NDArray[np.float64]:
    """Gi* z of every place; ``neighbours`` is the binary n × n matrix with ones on its diagonal."""
    x = np.asarray(counts, dtype=float)
    n = x.size
    mean = x.mean() if n else 0.0
    spread = np.sqrt(max((x**2).mean() - mean**2, 0.0)) if n else 0.0
    if n < 2 or spread == 0:
        return np.zeros(n)  # no counts, or all alike: nothing clusters
    weight = np.asarray(neighbours.sum(axis=1)).ravel()
    lagged = neighbours @ x
    denominator = spread * np.sqrt(np.maximum(n * weight - weight**2, 0.0) / (n - 1))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (lagged - mean * weight) / denominator
    return np.where(denominator > 0, z, 0.0)


def randomised_p(counts: NDArray[np.float64], neighbours: scipy.sparse.csr_array) -> NDArray[np.float64]:
    """Two-sided p of each neighbourhood's sum against the sums of as many counts drawn at random from
    all places' counts: the exact null distribution by convolving the counts' own distribution, however
    skewed or over-dispersed (the normal reading of z is not, for the small counts of most cells)."""
    x = np.rint(np.asarray(counts, dtype=float)).astype(np.int64)
    if x.size == 0:
        return np.zeros(0)
    pmf = np.bincount(x) / x.size
    weight = np.asarray(neighbours.sum(axis=1)).ravel().astype(np.int64)
    lagged = np.rint(neighbours @ x).astype(np.int64)
    p = np.ones(x.size)
    sums = np.array([1.0])
    for w in range(1, int(weight.max(initial=0)) + 1):
        sums = np.convolve(sums, pmf)
        at = np.flatnonzero(weight == w)
        upper = np.cumsum(sums[::-1])[::-1]  # P(S >= s)
        lower = np.cumsum(sums)  # P(S <= s)
        s_at = np.minimum(lagged[at], sums.size - 1)
        p[at] = np.minimum(1.0, 2 * np.minimum(upper[s_at], lower[s_at]))
    return p


def hot_and_cold(counts: NDArray[np.float64], neighbours: scipy.sparse.csr_array, fdr: float = FDR) -> Tested:
    """Gi* of every place, its p-value (randomisation), and hot or cold after false-discovery-rate
    control."""
    z = gi_star(counts, neighbours)
    p = randomised_p(counts, neighbours) if z.any() else np.ones(z.size)
    q = np.asarray(adjusted(p))
    kind: list[Kind] = np.where(q > fdr, "", np.where(z > 0, "hot", "cold")).tolist()
    return Tested(z, p, q, kind)
