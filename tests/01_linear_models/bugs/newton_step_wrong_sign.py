"""newton_step adds the Newton direction, w + H^{-1} g: it climbs the quadratic."""
import numpy as np

CAUGHT_BY = ["test_newton_step_solves_least_squares", "test_matches_reference[newton_step]"]
MISTAKE = "sign"


def newton_step(w, grad_fn, hess_fn):
    return w + np.linalg.solve(hess_fn(w), grad_fn(w))
