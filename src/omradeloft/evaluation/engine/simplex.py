"""Least squares on the simplex: the inner problem of synthetic control.

Inner problem: W(V) is a least-squares problem on the simplex, solved exactly by a primal
active-set method (the NNLS method of Lawson & Hanson 1974, ch. 23, with the sum-to-one row
kept as an equality constraint): on the set P of positive weights solve the KKT system
[H_P 1; 1' 0][w_P; mu] = [c_P; 1] with H = X0' V X0 and c = X0' V X1, step back to
feasibility when a weight would go negative, and add the donor with the most negative
reduced gradient (H w - c + mu)_j until none is negative. Solutions are exact to rounding
(KKT residuals ~1e-12), warm-started by the caller when it solves a sequence of nearby problems.
"""

import numpy as np

__all__ = ["simplex_donor_weights", "simplex_qp", "solve_bordered"]

_KKT_TOLERANCE = 1e-12  # on the reduced gradient, after scaling the QP to max |entry| = 1
_STEPS_PER_DONOR = 50  # active-set steps allowed per donor before declaring a cycle


def simplex_donor_weights(
    donor_predictors: np.ndarray, treated_predictors: np.ndarray, predictor_weights: np.ndarray
) -> np.ndarray:
    """W = argmin (x1 - X0 w)' diag(v) (x1 - X0 w) over w >= 0, sum w = 1, exactly.

    Args:
        donor_predictors: X0, float64 (predictors, donors).
        treated_predictors: x1, float64 (predictors,).
        predictor_weights: v, float64 (predictors,), >= 0.
    Returns:
        w, float64 (donors,).
    """
    # Subtracting the donors' mean from every predictor changes no residual (sum w = 1) and
    # keeps H well conditioned when predictors sit far from zero (outcome levels).
    centre = donor_predictors.mean(axis=1)
    x0, x1 = donor_predictors - centre[:, None], treated_predictors - centre
    weighted = x0.T * predictor_weights
    return simplex_qp(weighted @ x0, weighted @ x1)


def solve_bordered(h: np.ndarray, top: np.ndarray, bottom: float) -> np.ndarray:
    """Solve [[H, 1], [1', 0]] x = [top; bottom], the KKT system of the sum-to-one constraint
    (least-norm when it is singular, e.g. two donors with identical predictors)."""
    n = len(h)
    kkt = np.zeros((n + 1, n + 1))
    kkt[:n, :n], kkt[:n, n], kkt[n, :n] = h, 1.0, 1.0
    rhs = np.append(top, bottom)
    try:
        solution: np.ndarray = np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        solution = np.linalg.lstsq(kkt, rhs, rcond=None)[0]
    return solution


def simplex_qp(h: np.ndarray, c: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """argmin 1/2 w'Hw - c'w over the simplex by the primal active-set method described in
    the module documentation, from `start` (any point of the simplex) or the best vertex."""
    scale = max(float(np.abs(h).max()), float(np.abs(c).max()), np.finfo(float).tiny)
    h, c = h / scale, c / scale
    n = len(c)
    if start is None:
        w = np.zeros(n)
        w[np.argmin(0.5 * np.diag(h) - c)] = 1.0
    else:
        w = start.copy()
    free = w > 0
    for _ in range(_STEPS_PER_DONOR * (n + 1)):
        index = np.flatnonzero(free)
        solution = solve_bordered(h[index][:, index], c[index], 1.0)
        z, multiplier = solution[:-1], solution[-1]
        if z.min() > 0:
            w = np.zeros(n)
            w[index] = z
            reduced = h @ w - c + multiplier
            reduced[index] = np.inf
            entering = int(np.argmin(reduced))
            if reduced[entering] >= -_KKT_TOLERANCE:
                return w
            free[entering] = True
        else:
            # Move from w towards z until the first weight reaches 0; it leaves the set.
            current, blocking = w[index], z <= 0
            steps = current[blocking] / (current[blocking] - z[blocking])
            step = steps.min()
            w[index] = np.maximum(current + step * (z - current), 0.0)
            leaving = index[blocking][steps <= step]
            w[leaving], free[leaving] = 0.0, False
    raise RuntimeError(f"the simplex least-squares solver cycled on {n} donors")
