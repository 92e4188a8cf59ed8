"""Hidden graded tests for 04_backprop: agreement with the reference solution on generated
inputs, and inputs left unchanged (layers, network parameters, numerical_gradient's x)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    arrays,
    assert_backward_matches,
    assert_close,
    assert_forward_matches,
    assert_inputs_unchanged,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    hidden_params,
    quadratic,
    shapes,
    sin_sum,
    through,
)

PARAMS = ("W1", "b1", "W2", "b2")


@st.composite
def affine_kwargs(draw):
    """x of shape (N, d_1, ..., d_k) with k = 1..3, w (D, M), b (M,)."""
    x_shape = draw(shapes(min_dims=2, max_dims=4, max_side=4))
    m, seed = draw(st.integers(1, 5)), draw(SEEDS)
    d = int(np.prod(x_shape[1:]))
    return {"x": fill(x_shape, seed), "w": fill((d, m), seed + 1, -1.0, 1.0),
            "b": fill((m,), seed + 2)}


@st.composite
def network_kwargs(draw):
    """``params``, X (N, D), y (N,) and reg of a two-layer net; values as in the public tests,
    reg in [0, 1]."""
    n, d = draw(st.integers(1, 5)), draw(st.integers(1, 4))
    h, c = draw(st.integers(1, 5)), draw(st.integers(2, 4))
    seed = draw(SEEDS)
    sizes = {"W1": (d, h), "b1": (h,), "W2": (h, c), "b2": (c,)}
    params = {k: fill(s, seed + i, -1.0, 1.0) for i, (k, s) in enumerate(sizes.items())}
    return {"params": params, "X": fill((n, d), seed + 4, -2.0, 2.0),
            "y": np.random.default_rng(seed + 5).integers(0, c, size=n),
            "reg": draw(st.floats(0.0, 1.0))}


FORWARD_INPUTS = {
    "affine_forward": affine_kwargs(),
    "relu_forward": st.fixed_dictionaries({"x": arrays()}),
}


@pytest.mark.parametrize("function", hidden_params(FORWARD_INPUTS, 2))
@given(data=st.data())
def test_forward_matches_reference(student, reference, function, data):
    """The forward pass agrees with the reference solution and leaves its inputs unchanged."""
    assert_forward_matches(student, reference, function,
                           data.draw(FORWARD_INPUTS[function], label="inputs"))


@pytest.mark.parametrize("function", hidden_params(["affine_backward", "relu_backward"], 2))
@through
@given(data=st.data(), seed=SEEDS)
def test_backward_matches_reference(student, reference, function, data, seed):
    """The backward pass agrees with the reference solution and leaves dout and the cache
    unchanged."""
    forward = function.replace("_backward", "_forward")
    assert_backward_matches(student, reference, forward, function,
                            data.draw(FORWARD_INPUTS[forward], label="inputs"), seed,
                            ("dx", "dw", "db"))


@graded(points=2, function="two_layer_net", visibility="hidden")
@given(kwargs=network_kwargs())
def test_two_layer_net_matches_reference(student, reference, kwargs):
    """two_layer_net's scores (y=None), loss and gradients agree with the reference solution,
    and params, X and y are left unchanged."""
    params, X = kwargs["params"], kwargs["X"]
    scores = assert_inputs_unchanged(student.two_layer_net, params, X).value
    expected_scores = reference.two_layer_net(params, X)
    assert_close(expect_array(scores, "two_layer_net(params, X)", like=expected_scores),
                 expected_scores, "the scores", rtol=1e-9, atol=1e-12)
    result = assert_inputs_unchanged(student.two_layer_net, **kwargs)
    loss, grads = expect_tuple(result.value, 2, "two_layer_net(params, X, y, reg)")
    expected_loss, expected_grads = reference.two_layer_net(**kwargs)
    assert_close(expect_scalar(loss, "the loss"), expected_loss,
                 f"the loss with reg={kwargs['reg']}", rtol=1e-9)
    if not isinstance(grads, dict) or set(grads) != set(PARAMS):
        raise AssertionError(f"grads should be a dict with keys {list(PARAMS)}")
    for key in PARAMS:
        expected = expected_grads[key]
        assert_close(expect_array(grads[key], f"grads['{key}']", like=expected), expected,
                     f"grads['{key}'] with reg={kwargs['reg']}", rtol=1e-9, atol=1e-12)


@st.composite
def differentiation_problems(draw):
    """``(f, x, h)``: f a quadratic or a weighted sum of sines, x of 1..8 entries (1..3
    axes) in [-2, 2), h in [1e-4, 1e-2]."""
    shape = draw(shapes(min_dims=1, max_dims=3, max_side=2))
    seed, size = draw(SEEDS), int(np.prod(shape))
    x = fill(shape, seed, -2.0, 2.0)
    if draw(st.booleans()):
        f = quadratic(fill((size, size), seed + 1, -1.0, 1.0), fill((size,), seed + 2), 0.5)
    else:
        f = sin_sum(fill(shape, seed + 1, -2.0, 2.0))
    return f, x, draw(st.floats(1e-4, 1e-2))


@graded(points=2, function="numerical_gradient", visibility="hidden")
@given(problem=differentiation_problems())
def test_numerical_gradient_matches_reference(student, reference, problem):
    """numerical_gradient agrees with the reference's central differences for any step h
    and leaves x unchanged (a forward difference errs by h/2 * f'', up to 5e-5 here).
    Tolerance: a correct solution may reach x_i - h another way (x_i + h - 2h), so its f
    values may round differently; with D <= 8 every computed f is off by at most
    (2D + 2) u * 209 < 4.2e-13 (the sum of |terms|: 0.5 * 64 * 4 + 8 * 10 + 0.5), so the
    quotients differ by at most 2 * 2 * 4.2e-13 / (2h) < 8.4e-9 for h >= 1e-4."""
    f, x, h = problem
    result = assert_inputs_unchanged(student.numerical_gradient, f, x, h)
    expected = reference.numerical_gradient(f, x, h)
    assert_close(expect_array(result.value, "numerical_gradient(f, x, h)", like=x), expected,
                 f"numerical gradient with h={h}", rtol=0, atol=1e-8)
