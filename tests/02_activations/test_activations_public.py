"""Public graded tests for 02_activations: released to students with the assignment."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    arrays,
    assert_close,
    assert_leaves_inputs,
    assert_no_warnings,
    away_from,
    check_backward,
    expect_array,
    expect_tuple,
    fill,
    graded,
    shapes,
    through,
    unchanged_params,
)

SLOPES = st.floats(0.05, 2.0)  # PReLU slopes are learned and may exceed 1


def forward(fn, *args, **kwargs):
    """Call a CS231n forward function and return ``out`` after checking the basics."""
    out, _ = expect_tuple(fn(*args, **kwargs), 2, f"{fn.__name__}()")
    return expect_array(out, f"{fn.__name__}() output")


# Closed forms of the layers: the gradient checks differentiate these, not the student's
# forward, so a wrong forward with a matching wrong backward earns nothing.


def reference_sigmoid(x):
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free


def leaky(x, alpha):
    return np.where(x > 0, x, alpha * x)


# --- sigmoid ------------------------------------------------------------------------------


@graded(points=2, function="sigmoid_forward")
@given(x=arrays(low=-15, high=15))
def test_sigmoid_range_and_symmetry(student, x):
    """sigmoid_forward is strictly increasing, maps into (0, 1) and satisfies
    sigma(-x) = 1 - sigma(x)."""
    out = forward(student.sigmoid_forward, x)
    assert out.shape == x.shape, f"output has shape {out.shape}, expected {x.shape}"
    assert np.all((out > 0) & (out < 1)), "sigmoid values must lie strictly between 0 and 1"
    order = np.argsort(x, axis=None)
    assert np.all(np.diff(out.ravel()[order]) > 0), "sigmoid must be strictly increasing"
    assert_close(forward(student.sigmoid_forward, -x), 1.0 - out, "sigma(-x)", atol=1e-12)


@graded(points=2, function="sigmoid_forward", contract="finite at extreme inputs",
        rules="finite")
@given(x=arrays(low=-1000, high=1000, min_magnitude=50))
def test_sigmoid_extreme_inputs(student, x):
    """sigmoid_forward gives finite values without overflow warnings for |x| up to 1000."""
    x = np.concatenate([[1000.0, -1000.0], x.ravel()])
    out, _ = expect_tuple(assert_no_warnings(student.sigmoid_forward, x).value, 2,
                          "sigmoid_forward()")
    expect_array(out, "sigmoid_forward() output", like=x)
    assert_close(out, reference_sigmoid(x), "sigmoid at large |x|", atol=1e-12)


@graded(points=2, function="sigmoid_backward")
@through
@given(x=arrays(), seed=SEEDS)
def test_sigmoid_backward_gradcheck(student, x, seed):
    """sigmoid_backward is the gradient of sigmoid_forward (central differences)."""
    check_backward(student.sigmoid_forward, student.sigmoid_backward, {"x": x}, ("x",),
                   fill(x.shape, seed), truth=reference_sigmoid)


@graded(points=1, function="sigmoid_backward")
@given(x=arrays())
def test_sigmoid_derivative_identity(student, x):
    """sigmoid_backward(1, cache) equals sigma(x) * (1 - sigma(x))."""
    out, cache = expect_tuple(student.sigmoid_forward(x), 2, "sigmoid_forward()")
    dx = expect_array(student.sigmoid_backward(np.ones_like(x), cache), "dx", like=x)
    s = reference_sigmoid(x)
    assert_close(dx, s * (1 - s), "sigma'(x)", atol=1e-12)


# --- tanh ---------------------------------------------------------------------------------


@graded(points=1, function="tanh_forward")
@given(x=arrays())
def test_tanh_is_rescaled_sigmoid(student, x):
    """tanh_forward satisfies tanh(x) = 2 sigma(2x) - 1."""
    out = forward(student.tanh_forward, x)
    assert_close(out, 2.0 * reference_sigmoid(2.0 * x) - 1.0, "tanh(x)", atol=1e-12)


@graded(points=2, function="tanh_backward")
@through
@given(x=arrays(), seed=SEEDS)
def test_tanh_backward_gradcheck(student, x, seed):
    """tanh_backward is the gradient of tanh_forward (central differences)."""
    check_backward(student.tanh_forward, student.tanh_backward, {"x": x}, ("x",),
                   fill(x.shape, seed), truth=lambda x: np.tanh(x))


# --- ReLU and leaky ReLU ------------------------------------------------------------------


@graded(points=2, function="relu_forward")
@given(x=arrays())
def test_relu_nonnegative_and_idempotent(student, x):
    """relu_forward keeps x's shape, is non-negative, keeps positive inputs, and
    relu(relu(x)) = relu(x)."""
    out = forward(student.relu_forward, x)
    expect_array(out, "relu_forward() output", like=x)
    assert np.all(out >= 0), "ReLU outputs must be non-negative"
    assert_close(out[x > 0], x[x > 0], "relu(x) for x > 0")
    assert_close(forward(student.relu_forward, out), out, "relu(relu(x))")


@graded(points=2, function="relu_backward")
@through
@given(x=arrays(min_magnitude=1e-3), seed=SEEDS)
def test_relu_backward_gradcheck(student, x, seed):
    """relu_backward is the gradient of relu_forward away from the kink at 0."""
    check_backward(student.relu_forward, student.relu_backward, {"x": x}, ("x",),
                   fill(x.shape, seed), truth=lambda x: np.maximum(x, 0.0),
                   kink_distance={"x": away_from(0.0)})


@graded(points=2, function="leaky_relu_forward")
@given(x=arrays(), alpha=st.floats(0.001, 0.5))
def test_leaky_relu_values_and_continuity(student, x, alpha):
    """leaky_relu_forward is x for x > 0 and alpha * x below, for the given alpha (0.01 by
    default), and is continuous at 0."""
    out = forward(student.leaky_relu_forward, x, alpha=alpha)
    assert_close(out, leaky(x, alpha), f"leaky_relu(x, alpha={alpha})")
    near_zero = np.array([-1e-12, 0.0, 1e-12])
    assert_close(forward(student.leaky_relu_forward, near_zero), [-1e-14, 0.0, 1e-12],
                 "leaky_relu near 0 with the default alpha", atol=1e-15)


@graded(points=2, function="leaky_relu_backward")
@through
@given(x=arrays(min_magnitude=1e-3), alpha=st.floats(0.001, 0.5), seed=SEEDS)
def test_leaky_relu_backward_gradcheck(student, x, alpha, seed):
    """leaky_relu_backward is the gradient of leaky_relu_forward away from 0."""
    check_backward(student.leaky_relu_forward, student.leaky_relu_backward,
                   {"x": x, "alpha": alpha}, ("x",), fill(x.shape, seed), truth=leaky,
                   kink_distance={"x": away_from(0.0)})


# --- PReLU and ELU ------------------------------------------------------------------------


@st.composite
def prelu_inputs(draw, min_magnitude=0.0):
    """x of shape (..., D) (1 to 4 axes: the docstring allows any number of leading axes)
    and one slope per feature, alpha of shape (D,)."""
    shape = draw(shapes(min_dims=1, max_dims=4, max_side=4))
    alpha = np.array(draw(st.lists(SLOPES, min_size=shape[-1], max_size=shape[-1])))
    return fill(shape, draw(SEEDS), min_magnitude=min_magnitude), alpha


@graded(points=2, function="prelu_forward", rules="any-rank")
@given(inputs=prelu_inputs())
def test_prelu_values(student, inputs):
    """prelu_forward is x for x > 0 and alpha[d] * x in feature d below, for any slope."""
    x, alpha = inputs
    out = forward(student.prelu_forward, x, alpha)
    assert_close(out, leaky(x, alpha), "prelu(x, alpha)")


@graded(points=3, function="prelu_backward")
@through
@given(inputs=prelu_inputs(min_magnitude=1e-3), seed=SEEDS)
def test_prelu_backward_gradcheck(student, inputs, seed):
    """prelu_backward returns (dx, dalpha), the gradients of prelu_forward in x and alpha."""
    x, alpha = inputs
    check_backward(student.prelu_forward, student.prelu_backward, {"x": x, "alpha": alpha},
                   ("x", "alpha"), fill(x.shape, seed), truth=leaky,
                   kink_distance={"x": away_from(0.0)})


@graded(points=2, function="elu_forward")
@given(x=arrays(low=-1000, high=1000), alpha=st.floats(0.1, 3.0))
def test_elu_continuity_and_stability(student, x, alpha):
    """elu_forward is x for x > 0 and alpha (exp(x) - 1) otherwise, continuous at 0, and
    finite, without warnings, for |x| up to 1000."""
    near_zero = np.array([-1e-9, 0.0, 1e-9])
    out = forward(student.elu_forward, near_zero, alpha=alpha)
    assert np.all(np.abs(out) <= 2e-9 * max(alpha, 1.0)), (
        f"elu is not continuous at 0: elu([-1e-9, 0, 1e-9]) = {out}"
    )
    x = np.concatenate([[1000.0, -1000.0], x.ravel()])
    result = assert_no_warnings(student.elu_forward, x, alpha=alpha)
    out, _ = expect_tuple(result.value, 2, "elu_forward()")
    expected = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0)))
    assert_close(expect_array(out, "elu_forward() output", like=x), expected,
                 f"elu_forward() output with alpha={alpha:.6g}", rtol=1e-12, atol=1e-15)


@graded(points=2, function="elu_backward")
@through
@given(x=arrays(min_magnitude=1e-3), alpha=st.floats(0.1, 3.0), seed=SEEDS)
def test_elu_backward_gradcheck(student, x, alpha, seed):
    """elu_backward is the gradient of elu_forward (away from 0, where alpha != 1 kinks)."""
    check_backward(student.elu_forward, student.elu_backward, {"x": x, "alpha": alpha},
                   ("x",), fill(x.shape, seed), kink_distance={"x": away_from(0.0)},
                   truth=lambda x, alpha: np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0))))


# --- maxout -------------------------------------------------------------------------------


@st.composite
def maxout_inputs(draw):
    """x of shape (..., D) with D = groups * k (0 to 2 leading axes: the docstring allows
    any number), and k."""
    k = draw(st.integers(1, 4))
    leading, groups = draw(shapes(min_dims=0, max_dims=2, max_side=4)), draw(st.integers(1, 4))
    return fill((*leading, groups * k), draw(SEEDS)), k


def group_maxima(x, k):
    """out[..., j] = max(x[..., j*k : (j+1)*k]), the definition of maxout."""
    return x.reshape(*x.shape[:-1], -1, k).max(axis=-1)


@graded(points=2, function="maxout_forward", rules=("any-rank", "default-k"))
@given(inputs=maxout_inputs())
def test_maxout_takes_group_maxima(student, inputs):
    """maxout_forward returns, for each group of k consecutive features, their maximum."""
    x, k = inputs
    out = forward(student.maxout_forward, x) if k == 2 else forward(student.maxout_forward, x, k=k)
    assert_close(out, group_maxima(x, k), f"maxout(x, k={k})" if k != 2 else "maxout(x)")


@graded(points=1, function="maxout_forward", requires="test_maxout_takes_group_maxima",
        contract="ValueError on sizes that do not fit", rules="misfit")
@given(inputs=maxout_inputs(), extra=st.integers(1, 3), bad_k=st.integers(-2, 0))
def test_maxout_rejects_misfit(student, inputs, extra, bad_k):
    """maxout_forward raises ValueError when k < 1, or when the last axis of x is not
    divisible by k."""
    x, k = inputs
    with pytest.raises(ValueError):
        student.maxout_forward(x, k=bad_k)
        raise AssertionError(f"maxout_forward(x, k={bad_k}) should raise ValueError")
    if k > 1:
        wider = fill((*x.shape[:-1], x.shape[-1] + min(extra, k - 1)), 0)
        with pytest.raises(ValueError):
            student.maxout_forward(wider, k=k)
            raise AssertionError(f"maxout_forward with {wider.shape[-1]} features and k={k} "
                                 f"should raise ValueError: {k} does not divide it")


def maxout_kink_distance(k):
    """Half the smallest gap between a group's two largest entries: the arg-max is stable."""
    def distance(x):
        top = np.sort(x.reshape(*x.shape[:-1], -1, k), axis=-1)
        return np.inf if k == 1 else float(np.min(top[..., -1] - top[..., -2]) / 2)
    return distance


@graded(points=2, function="maxout_backward")
@through
@given(inputs=maxout_inputs(), seed=SEEDS)
def test_maxout_backward_gradcheck(student, inputs, seed):
    """maxout_backward is the gradient of maxout_forward (inputs without ties)."""
    x, k = inputs
    check_backward(student.maxout_forward, student.maxout_backward, {"x": x, "k": k}, ("x",),
                   fill((*x.shape[:-1], x.shape[-1] // k), seed), truth=group_maxima,
                   kink_distance={"x": maxout_kink_distance(k)})


# --- softmax ------------------------------------------------------------------------------


@graded(points=2, function="softmax")
@given(x=arrays(shape=shapes(min_dims=2, max_dims=2)), axis=st.sampled_from([-1, 0, 1]))
def test_softmax_is_a_distribution(student, x, axis):
    """softmax(x, axis) is positive and sums to 1 along the given axis."""
    p = expect_array(student.softmax(x, axis=axis), "softmax()", like=x)
    assert np.all(p > 0), "softmax probabilities must be positive"
    assert_close(p.sum(axis=axis), np.ones(p.shape[1 - axis % 2]), f"sum along axis {axis}",
                 atol=1e-12)


@graded(points=2, function="softmax")
@given(x=arrays(shape=shapes(min_dims=2, max_dims=2)), seed=SEEDS)
def test_softmax_shift_invariance(student, x, seed):
    """softmax(x) is a distribution over each row, unchanged when a constant is added to
    the row."""
    shift = fill((x.shape[0], 1), seed, low=-50, high=50)
    p = expect_array(student.softmax(x), "softmax(x)", like=x)
    assert_close(p.sum(axis=-1), np.ones(x.shape[0]), "row sums", atol=1e-12)
    assert_close(student.softmax(x + shift), p, "softmax(x + c)", rtol=1e-9, atol=1e-13)


@graded(points=2, function="softmax", contract="finite at extreme inputs", rules="finite")
@given(x=arrays(shape=shapes(min_dims=2, max_dims=2), low=-1e4, high=1e4))
def test_softmax_large_logits(student, x):
    """softmax stays finite, without warnings, for logits as large as 1e4."""
    x = np.vstack([x, np.full((1, x.shape[1]), -1e4), np.full((1, x.shape[1]), 1e4)])
    result = assert_no_warnings(student.softmax, x)
    p = expect_array(result.value, "softmax()", like=x)
    assert_close(p.sum(axis=-1), np.ones(x.shape[0]), "row sums", atol=1e-12)


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs, and the test of its values that this contract test requires
UNCHANGED = {
    "sigmoid_forward": ("test_sigmoid_range_and_symmetry", st.builds(dict, x=arrays())),
    "tanh_forward": ("test_tanh_is_rescaled_sigmoid", st.builds(dict, x=arrays())),
    "relu_forward": ("test_relu_nonnegative_and_idempotent", st.builds(dict, x=arrays())),
    "leaky_relu_forward": ("test_leaky_relu_values_and_continuity",
                           st.builds(dict, x=arrays(), alpha=SLOPES)),
    "prelu_forward": ("test_prelu_values", prelu_inputs().map(
        lambda inputs: {"x": inputs[0], "alpha": inputs[1]})),
    "elu_forward": ("test_elu_continuity_and_stability",
                    st.builds(dict, x=arrays(), alpha=SLOPES)),
    "maxout_forward": ("test_maxout_takes_group_maxima", maxout_inputs().map(
        lambda inputs: {"x": inputs[0], "k": inputs[1]})),
    "softmax": ("test_softmax_is_a_distribution", st.builds(dict, x=arrays())),
}
BACKWARD_CHECKS = {name.replace("_forward", "_backward"):
                   f"test_{name.replace('_forward', '_backward')}_gradcheck"
                   for name in UNCHANGED if name.endswith("_forward")}


@pytest.mark.parametrize("function", [
    *unchanged_params({n: v[0] for n, v in UNCHANGED.items()}),
    *unchanged_params(BACKWARD_CHECKS)])
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays): a backward pass
    changes neither dout nor the cache of the forward pass."""
    forward = function.replace("_backward", "_forward")
    assert_leaves_inputs(student, function, data.draw(UNCHANGED[forward][1], label="inputs"),
                         seed, forward if function != forward else None)
