"""The gradient check passes true gradients and catches a 0.1 % scaling bug."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks.gradcheck import away_from, check_backward, check_gradient
from autograder.checks.strategies import SEEDS, arrays, fill

FUNCTIONS = {  # name: (f, gradient of f, kink guard)
    "quadratic": (lambda x: float(np.sum(x**2)), lambda x: 2 * x, None),
    "sigmoid": (lambda x: float(np.sum(1 / (1 + np.exp(-x)))),
                lambda x: np.exp(-x) / (1 + np.exp(-x)) ** 2, None),
    "relu": (lambda x: float(np.sum(np.maximum(x, 0) * np.arange(x.size).reshape(x.shape))),
             lambda x: (x > 0) * np.arange(x.size).reshape(x.shape), away_from(0.0)),
    "log-sum-exp": (lambda x: float(np.log(np.sum(np.exp(x)))),
                    lambda x: np.exp(x) / np.sum(np.exp(x)), None),
}


@pytest.mark.parametrize("name", FUNCTIONS)
@given(x=arrays(min_magnitude=1e-3))
def test_true_gradients_pass(name, x):
    f, grad, kinks = FUNCTIONS[name]
    check_gradient(f, x, grad(x), kink_distance=kinks)


@pytest.mark.parametrize("name", FUNCTIONS)
@pytest.mark.parametrize("scale", [1.001, 0.999])
@given(x=arrays(min_magnitude=1e-3))
def test_a_gradient_off_by_a_tenth_of_a_percent_fails(name, scale, x):
    f, grad, kinks = FUNCTIONS[name]
    g = grad(x)
    if not np.any(g):
        return  # a zero gradient scaled is still exact
    with pytest.raises(AssertionError, match="relative error"):
        check_gradient(f, x, scale * g, kink_distance=kinks)


@given(x=arrays(shape=(3, 4)))
def test_full_mode_names_the_worst_index(x):
    g = 2 * x
    g[1, 2] *= 1.01
    with pytest.raises(AssertionError, match=r"index \(1, 2\)"):
        check_gradient(lambda z: float(np.sum(z**2)), x, g, mode="full")


def test_wrong_shape_or_type_is_reported():
    x = np.ones((2, 3))
    with pytest.raises(AssertionError, match="shape"):
        check_gradient(lambda z: 0.0, x, np.ones(3))
    with pytest.raises(AssertionError, match="tuple"):
        check_gradient(lambda z: 0.0, x, (np.ones((2, 3)),))


@given(x=arrays(), seed=SEEDS)
def test_check_backward_checks_each_tensor(x, seed):
    def forward(x, w):
        return x * w, (x, w)

    def backward(dout, cache):
        x, w = cache
        return dout * w, dout * x

    w = fill(x.shape, seed)
    dout = fill(x.shape, seed + 1)
    check_backward(forward, backward, {"x": x, "w": w}, ("x", "w"), dout)
    with pytest.raises(AssertionError, match="dw"):
        check_backward(forward, lambda d, c: (d * c[1], 1.01 * d * c[0]), {"x": x, "w": w},
                       ("x", "w"), dout)


@given(shape=st.lists(st.integers(1, 6), min_size=1, max_size=3).map(tuple), seed=SEEDS,
       low=st.floats(-100, 0), width=st.floats(0.5, 100), gap=st.floats(0, 0.4))
def test_fill_is_distinct_in_range_and_away_from_zero(shape, seed, low, width, gap):
    high = low + width
    x = fill(shape, seed, low, high)
    assert x.shape == shape and x.dtype == np.float64
    assert np.unique(x).size == x.size
    assert np.all((x >= low) & (x < high))
    y = fill(shape, seed, -5.0, 5.0, min_magnitude=gap + 1e-3)
    assert np.all(np.abs(y) >= gap + 1e-3) and np.unique(y).size == y.size
