"""Small numeric helpers shared by the synthetic register (numpy only, no scipy)."""

from statistics import NormalDist

import numpy as np

_STANDARD_NORMAL = NormalDist()


def norm_cdf(x: np.ndarray | float) -> np.ndarray:
    """Standard normal CDF, vectorised (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7)."""
    x = np.asarray(x, dtype=np.float64)
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = (
        (((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
    ) + 0.254829592
    erf = 1.0 - poly * t * np.exp(-z * z)
    return 0.5 * (1.0 + np.sign(x) * erf)


def probit(p: np.ndarray | float) -> np.ndarray:
    """Inverse standard normal CDF for a (small) array of probabilities in (0, 1)."""
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    flat = [_STANDARD_NORMAL.inv_cdf(float(v)) for v in p.ravel()]
    return np.asarray(flat, dtype=np.float64).reshape(p.shape)


def expit(x: np.ndarray) -> np.ndarray:
    """Logistic function without overflow warnings."""
    x = np.asarray(x, dtype=np.float64)
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def logit(p: np.ndarray | float) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), 1e-9, 1 - 1e-9)
    return np.log(p / (1.0 - p))


def group_mean(values: np.ndarray, groups: np.ndarray, n_groups: int, default: np.ndarray):
    """Mean of `values` per group (0..n_groups-1); `default` where a group is empty."""
    total = np.bincount(groups, weights=values, minlength=n_groups)
    count = np.bincount(groups, minlength=n_groups)
    out = np.array(default, dtype=np.float64, copy=True)
    np.divide(total, count, out=out, where=count > 0)
    return out
