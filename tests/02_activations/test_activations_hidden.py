"""Hidden graded tests for 02_activations: agreement with the reference solution, inputs left
unchanged, and stability that the public tests do not spell out."""

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
    assert_no_warnings,
    expect_array,
    expect_tuple,
    fill,
    graded,
    hidden_params,
    shapes,
    through,
)

ALPHAS = st.floats(0.001, 3.0)


@st.composite
def prelu_kwargs(draw):
    """x of 1 to 4 axes (any leading axes are allowed) and alpha along the last."""
    shape = draw(shapes(min_dims=1, max_dims=4, max_side=4))
    return {"x": fill(shape, draw(SEEDS)), "alpha": fill((shape[-1],), draw(SEEDS), 0.05, 2.0)}


@st.composite
def maxout_kwargs(draw):
    """x with 0 to 2 leading axes and groups of k along the last."""
    k, groups = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    leading = draw(shapes(min_dims=0, max_dims=2, max_side=4))
    return {"x": fill((*leading, groups * k), draw(SEEDS)), "k": k}


def x_only(**fill_options):
    return st.fixed_dictionaries({"x": arrays(**fill_options)})


FORWARD_INPUTS = {
    "sigmoid_forward": x_only(low=-30, high=30),
    "tanh_forward": x_only(low=-20, high=20),
    "relu_forward": x_only(),
    "leaky_relu_forward": st.fixed_dictionaries({"x": arrays(), "alpha": ALPHAS}),
    "prelu_forward": prelu_kwargs(),
    "elu_forward": st.fixed_dictionaries({"x": arrays(), "alpha": ALPHAS}),
    "maxout_forward": maxout_kwargs(),
}


@pytest.mark.parametrize("function", hidden_params(FORWARD_INPUTS, 2))
@given(data=st.data())
def test_forward_matches_reference(student, reference, function, data):
    """The forward pass agrees with the reference solution and leaves its inputs unchanged."""
    assert_forward_matches(student, reference, function,
                           data.draw(FORWARD_INPUTS[function], label="inputs"))


@pytest.mark.parametrize("function", hidden_params(
    [name.replace("_forward", "_backward") for name in FORWARD_INPUTS], 2))
@through
@given(data=st.data(), seed=SEEDS)
def test_backward_matches_reference(student, reference, function, data, seed):
    """The backward pass agrees with the reference solution and leaves dout and the cache
    unchanged."""
    forward = function.replace("_backward", "_forward")
    assert_backward_matches(student, reference, forward, function,
                            data.draw(FORWARD_INPUTS[forward], label="inputs"), seed)


@graded(points=2, function="softmax", visibility="hidden")
@given(x=arrays(shape=shapes(min_dims=1, max_dims=3), low=-30, high=30), data=st.data())
def test_softmax_matches_reference(student, reference, x, data):
    """softmax agrees with the reference along any axis and leaves its input unchanged."""
    axis = data.draw(st.integers(-x.ndim, x.ndim - 1), label="axis")
    result = assert_inputs_unchanged(student.softmax, x, axis=axis)
    expected = reference.softmax(x, axis=axis)
    assert_close(expect_array(result.value, "softmax()", like=x), expected,
                 f"softmax(x, axis={axis})", rtol=1e-9, atol=1e-15)


@graded(points=1, function="tanh_forward", visibility="hidden",
        contract="finite at extreme inputs", rules="finite")
@given(x=arrays(low=-1000, high=1000, min_magnitude=100))
def test_tanh_extreme_inputs(student, x):
    """tanh_forward stays finite and in [-1, 1], without warnings, for |x| up to 1000."""
    x = np.concatenate([[1000.0, -1000.0], x.ravel()])
    out, _ = expect_tuple(assert_no_warnings(student.tanh_forward, x).value, 2,
                          "tanh_forward()")
    assert_close(expect_array(out, "tanh_forward() output", like=x), np.sign(x), "tanh(x)",
                 atol=1e-12)
