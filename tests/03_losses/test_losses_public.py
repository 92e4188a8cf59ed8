"""Public graded tests for 03_losses: released to students with the assignment."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    assert_no_warnings,
    check_gradient,
    classification,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    pairs,
    shapes,
    unchanged_params,
)


def loss_and_grad(fn, *args, like, **kwargs):
    """Call a loss function and check it returns ``(float, float64 array shaped like like)``."""
    loss, grad = expect_tuple(fn(*args, **kwargs), 2, f"{fn.__name__}()")
    return expect_scalar(loss, "the loss"), expect_array(grad, "the gradient", like=like)


def log_softmax(x):
    shifted = x - x.max(axis=1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))


def margin_distance(x, y, delta):
    """Half the smallest |hinge margin| over j != y_i: no step smaller crosses a kink."""
    margins = x - x[np.arange(len(y)), y][:, None] + delta
    margins[np.arange(len(y)), y] = np.inf
    return float(np.min(np.abs(margins)) / 2)


# (pred, target) with every |pred - target| >= 0.01: different arrays, no L1 kink in a step
PAIRS = pairs(shapes(min_dims=1, max_dims=3), min_magnitude=0.01).map(lambda p: (p[0], p[0] - p[1]))


# --- L1 and L2 ----------------------------------------------------------------------------

REGRESSION_LOSSES = [pytest.param(name, marks=graded(2, name), id=name)
                     for name in ("l1_loss", "l2_loss")]

# Closed forms of the losses: the gradient checks differentiate these, not the student's
# loss, so a wrong loss with a matching wrong gradient earns nothing.
TRUE_LOSS = {
    "l1_loss": lambda pred, target: np.sum(np.abs(pred - target)) / len(pred),
    "l2_loss": lambda pred, target: np.sum((pred - target) ** 2) / len(pred),
}


def true_softmax_loss(x, y):
    return -np.mean(log_softmax(x)[np.arange(len(y)), y])


def true_svm_loss(x, y, delta):
    margins = np.maximum(0, x - x[np.arange(len(y)), y][:, None] + delta)
    margins[np.arange(len(y)), y] = 0
    return margins.sum() / len(y)


@pytest.mark.parametrize("function", REGRESSION_LOSSES)
@given(pair=PAIRS)
def test_nonnegative_and_zero_iff_equal(student, function, pair):
    """The loss is > 0 when pred != target, and exactly 0 with a zero gradient when
    pred == target."""
    fn = getattr(student, function)
    pred, target = pair
    loss, _ = loss_and_grad(fn, pred, target, like=pred)
    assert loss > 0, f"{function} of different arrays should be > 0, got {loss}"
    loss, grad = loss_and_grad(fn, pred, pred.copy(), like=pred)
    assert loss == 0 and np.all(grad == 0), f"{function}(pred, pred) = {loss}, expected 0"


@pytest.mark.parametrize("function", REGRESSION_LOSSES)
@given(pair=PAIRS)
def test_regression_gradcheck(student, function, pair):
    """dpred is the gradient of the loss (away from pred == target, where L1 has a kink),
    and the loss has the right value there."""
    fn = getattr(student, function)
    pred, target = pair
    loss, grad = loss_and_grad(fn, pred, target, like=pred)
    assert_close(loss, TRUE_LOSS[function](pred, target), f"{function}", rtol=1e-9)
    check_gradient(lambda p: TRUE_LOSS[function](p, target), pred, grad, name="dpred")


# --- softmax (cross-entropy) loss ---------------------------------------------------------


@graded(points=2, function="softmax_loss")
@given(data=classification())
def test_softmax_loss_is_negative_log_softmax(student, data):
    """softmax_loss is the mean over N of -log softmax(x_i)[y_i], and is >= 0."""
    x, y = data
    loss, _ = loss_and_grad(student.softmax_loss, x, y, like=x)
    assert loss >= 0, f"softmax loss should be >= 0, got {loss}"
    assert_close(loss, true_softmax_loss(x, y), "softmax loss", rtol=1e-9)


@graded(points=2, function="softmax_loss", requires="test_softmax_loss_is_negative_log_softmax",
        contract="finite at extreme inputs", rules="finite")
@given(data=classification(low=-1e4, high=1e4), seed=SEEDS)
def test_softmax_loss_large_logits_and_shifts(student, data, seed):
    """softmax_loss is finite, without warnings, for logits of 1e4, and does not change when
    a constant is added to each row."""
    x, y = data
    result = assert_no_warnings(student.softmax_loss, x, y)
    loss, _ = expect_tuple(result.value, 2, "softmax_loss()")
    loss = expect_scalar(loss, "the loss at logits of 1e4")
    shift = fill((x.shape[0], 1), seed, low=-100, high=100)
    shifted, _ = loss_and_grad(student.softmax_loss, x + shift, y, like=x)
    assert_close(shifted, loss, "loss after a per-row shift", rtol=1e-6, atol=1e-6)


@graded(points=2, function="softmax_loss", requires="test_softmax_loss_is_negative_log_softmax")
@given(data=classification(), margin=st.floats(5.0, 30.0))
def test_softmax_loss_never_saturates(student, data, margin):
    """Even when the correct class wins by a wide margin, the softmax loss is > 0 and its
    gradient is not zero (unlike the hinge loss, it always wants to improve).

    The correct class beats every other by at least ``margin`` and the best other by exactly
    ``margin`` <= 30, so each row's loss is at least log(1 + e^-30) ~ 9e-14: far above
    float64's resolution near 1 (1.1e-16), below which even an exact implementation would
    round the loss to 0."""
    x, y = data
    x = x.copy()
    rows = np.arange(len(y))
    others = x.copy()
    others[rows, y] = -np.inf
    x[rows, y] = others.max(axis=1) + margin
    loss, grad = loss_and_grad(student.softmax_loss, x, y, like=x)
    assert loss > 0, f"softmax loss should stay > 0, got {loss}"
    assert np.any(grad != 0), "softmax loss gradient should not vanish"


@graded(points=3, function="softmax_loss")
@given(data=classification())
def test_softmax_loss_gradcheck(student, data):
    """softmax_loss's dx is the gradient of its loss."""
    x, y = data
    _, grad = loss_and_grad(student.softmax_loss, x, y, like=x)
    check_gradient(lambda z: true_softmax_loss(z, y), x, grad, name="dx")


# --- multiclass SVM (hinge) loss ----------------------------------------------------------


@graded(points=2, function="svm_loss")
@given(data=classification(), delta=st.floats(0.1, 3.0), extra=st.floats(0.01, 5.0))
def test_svm_loss_saturates(student, data, delta, extra):
    """Once every margin is satisfied (x_y > x_j + delta for all j != y), the hinge loss is
    exactly 0 with a zero gradient; violating one margin by e makes it e / N."""
    x, y = data
    rows = np.arange(len(y))
    x = x.copy()
    x[rows, y] = x.max(axis=1) + delta + extra
    loss, grad = loss_and_grad(student.svm_loss, x, y, delta=delta, like=x)
    assert loss == 0, f"hinge loss should be exactly 0 once margins hold, got {loss}"
    assert np.all(grad == 0), "hinge loss gradient should be 0 once margins hold"
    wrong = (y[0] + 1) % x.shape[1]
    x[0, wrong] = x[0, y[0]] - delta + extra  # the margin of class `wrong` is now violated
    loss, _ = loss_and_grad(student.svm_loss, x, y, delta=delta, like=x)
    assert_close(loss, extra / len(y), "hinge loss with one violated margin", rtol=1e-9)


@graded(points=2, function="svm_loss")
@given(data=classification(), delta=st.floats(0.1, 3.0))
def test_svm_loss_is_nonnegative_hinge(student, data, delta):
    """svm_loss is >= 0 and equals the mean over N of sum_{j != y_i} max(0, x_j - x_y + delta)."""
    x, y = data
    loss, _ = loss_and_grad(student.svm_loss, x, y, delta=delta, like=x)
    assert loss >= 0, f"hinge loss should be >= 0, got {loss}"
    assert_close(loss, true_svm_loss(x, y, delta), f"svm loss with delta={delta}", rtol=1e-9)


@graded(points=3, function="svm_loss")
@given(data=classification(), delta=st.floats(0.1, 3.0))
def test_svm_loss_gradcheck(student, data, delta):
    """svm_loss's dx is the gradient of its loss (away from margins of exactly 0)."""
    x, y = data
    _, grad = loss_and_grad(student.svm_loss, x, y, delta=delta, like=x)
    check_gradient(lambda z: true_svm_loss(z, y, delta), x, grad, name="dx",
                   kink_distance=lambda z: margin_distance(z, y, delta))


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs, and the test of its values that this contract test requires
UNCHANGED = {
    "l1_loss": ("test_nonnegative_and_zero_iff_equal[l1_loss]",
                PAIRS.map(lambda p: {"pred": p[0], "target": p[1]})),
    "l2_loss": ("test_nonnegative_and_zero_iff_equal[l2_loss]",
                PAIRS.map(lambda p: {"pred": p[0], "target": p[1]})),
    "softmax_loss": ("test_softmax_loss_is_negative_log_softmax",
                     classification().map(lambda d: {"x": d[0], "y": d[1]})),
    "svm_loss": ("test_svm_loss_is_nonnegative_hinge",
                 classification().map(lambda d: {"x": d[0], "y": d[1]})),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@given(data=st.data())
def test_inputs_unchanged(student, function, data):
    """The loss leaves its arguments unchanged (it returns a new gradient array)."""
    assert_inputs_unchanged(getattr(student, function),
                            **data.draw(UNCHANGED[function][1], label="inputs"))
