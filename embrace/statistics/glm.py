"""Quasi-Poisson regression with a log link, fitted to many series at once that share one design.

Iteratively reweighted least squares, batched over the series: every series of a tenant's alerts has the
same weeks, so one design matrix serves all of them and each iteration solves their small systems
together.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from embrace.statistics.dispersion import FLOOR

ITERATIONS = 30
TOLERANCE = 1e-8
RIDGE = 1e-8  # keeps a level with no incidents at all solvable (its mean tends to 0)


@dataclass(frozen=True)
class Fit:
    beta: np.ndarray  # (series, parameters)
    mu: np.ndarray  # (series, weeks)
    unscaled: np.ndarray  # (series, parameters, parameters): (X'WX)⁻¹
    phi: np.ndarray  # (series,): Pearson's dispersion, at least 1

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The mean at ``x`` and the variance of its logarithm, per series."""
        eta = self.beta @ x
        return np.exp(eta), self.phi * np.einsum("p,spq,q->s", x, self.unscaled, x)

    def coefficient_z(self, index: int) -> np.ndarray:
        return np.asarray(self.beta[:, index] / np.sqrt(self.phi * self.unscaled[:, index, index]))


def fit(y: np.ndarray, design: np.ndarray, prior: np.ndarray | None = None) -> Fit:
    """``y``: (series, weeks) counts; ``design``: (weeks, parameters); ``prior``: weights like ``y``."""
    weights = np.ones_like(y) if prior is None else prior
    mu = np.maximum(y, 0.5) + 0.0
    eta = np.log(mu)
    ridge = RIDGE * np.eye(design.shape[1])
    beta = np.zeros((y.shape[0], design.shape[1]))
    for _ in range(ITERATIONS):
        previous = beta
        working = weights * mu
        response = eta + (y - mu) / mu
        information = np.einsum("sn,np,nq->spq", working, design, design) + ridge
        rhs = np.einsum("sn,np,sn->sp", working, design, response)
        beta = np.linalg.solve(information, rhs[..., None])[..., 0]
        eta = np.clip(beta @ design.T, -30.0, 30.0)
        mu = np.exp(eta)
        if np.abs(beta - previous).max() < TOLERANCE:
            break
    information = np.einsum("sn,np,nq->spq", weights * mu, design, design) + ridge
    unscaled = np.linalg.inv(information)
    residual_df = max(1, y.shape[1] - design.shape[1])
    phi = np.maximum(FLOOR, (weights * (y - mu) ** 2 / mu).sum(axis=1) / residual_df)
    return Fit(beta, mu, unscaled, phi)


def reweighted(y: np.ndarray, design: np.ndarray, threshold: float) -> Fit:
    """Fitted, then refitted with the weeks whose standardised Anscombe residual exceeds ``threshold``
    down-weighted by its inverse square (Farrington et al. 1996): past outbreaks do not raise the
    baseline."""
    first = fit(y, design)
    hat = first.mu * np.einsum("np,spq,nq->sn", design, first.unscaled, design)
    raw = 1.5 * (np.power(y, 2 / 3) * np.power(first.mu, -1 / 6) - np.sqrt(first.mu))
    residual = raw / np.sqrt(first.phi[:, None] * np.clip(1 - hat, 1e-6, None))
    outlying = residual > threshold
    inverse = np.where(outlying, np.power(np.where(outlying, residual, 1.0), -2.0), 1.0)
    gamma = y.shape[1] / inverse.sum(axis=1, keepdims=True)
    return fit(y, design, gamma * inverse)
