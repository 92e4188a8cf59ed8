"""numerical_gradient perturbs x in place (x[i] += h, then -= 2h) and "restores" it with
x[i] += h instead of the saved value: round-off leaves x changed in its last bits."""
import numpy as np

CAUGHT_BY = ["test_numerical_gradient_leaves_x_unchanged",
             "test_numerical_gradient_matches_reference"]
MISTAKE = "in-place"


def numerical_gradient(f, x, h=1e-5):
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        x[ix] += h
        f_plus = f(x)
        x[ix] -= 2 * h
        f_minus = f(x)
        x[ix] += h
        grad[ix] = (f_plus - f_minus) / (2 * h)
    return grad
