"""newton_step updates w in place (w -= ...) and returns it, overwriting the caller's w."""
import numpy as np

CAUGHT_BY = ["test_matches_reference[newton_step]"]
MISTAKE = "in-place"


def newton_step(w, grad_fn, hess_fn):
    w -= np.linalg.solve(hess_fn(w), grad_fn(w))
    return w
