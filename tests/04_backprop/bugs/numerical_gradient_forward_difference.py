"""numerical_gradient uses the forward difference (f(x + h e_i) - f(x)) / h: it errs by
h/2 times the curvature, so it is not exact on quadratics."""
import numpy as np

CAUGHT_BY = ["test_numerical_gradient_exact_on_quadratics",
             "test_numerical_gradient_uses_step_h",
             "test_numerical_gradient_matches_reference"]
MISTAKE = "formula"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    fx = f(x)
    for ix in np.ndindex(x.shape):
        old = x[ix]
        x[ix] = old + h
        grad[ix] = (f(x) - fx) / h
        x[ix] = old
    return grad
