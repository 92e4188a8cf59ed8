"""numerical_gradient ignores its argument h and always steps by 1e-5."""
import numpy as np

CAUGHT_BY = ["test_numerical_gradient_uses_step_h"]
MISTAKE = "ignored-argument"


def numerical_gradient(f, x, h=1e-5):
    step = 1e-5
    grad = np.zeros_like(x)
    point = x.copy()
    for ix in np.ndindex(x.shape):
        old = point[ix]
        point[ix] = old + step
        f_plus = f(point)
        point[ix] = old - step
        f_minus = f(point)
        point[ix] = old
        grad[ix] = (f_plus - f_minus) / (2 * step)
    return grad
