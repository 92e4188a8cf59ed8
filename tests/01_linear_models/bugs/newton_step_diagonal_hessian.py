"""newton_step divides the gradient by the Hessian's diagonal, w - g / diag(H): exact only
when H is diagonal."""
import numpy as np

CAUGHT_BY = ["test_newton_step_solves_least_squares", "test_matches_reference[newton_step]"]
MISTAKE = "formula"


def newton_step(w, grad_fn, hess_fn):
    return w - grad_fn(w) / np.diag(hess_fn(w))
