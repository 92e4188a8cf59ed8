"""Public graded tests for 04_backprop: released to students with the assignment."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    arrays,
    assert_close,
    assert_inputs_unchanged,
    assert_leaves_inputs,
    assert_no_warnings,
    away_from,
    check_backward,
    check_gradient,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    projected,
    quadratic,
    shapes,
    sin_sum,
    through,
    unchanged_params,
)

PARAMS = ("W1", "b1", "W2", "b2")
REGS = st.floats(0.01, 1.0)

# Closed forms: the gradient checks differentiate these, not the student's forward pass, so a
# wrong forward with a matching wrong backward earns nothing.


def true_affine(x, w, b):
    return x.reshape(x.shape[0], -1) @ w + b


def true_scores(params, X):
    hidden = np.maximum(X @ params["W1"] + params["b1"], 0.0)
    return hidden @ params["W2"] + params["b2"]


def true_loss(params, X, y, reg):
    """Mean softmax cross-entropy of the scores plus reg * (sum(W1^2) + sum(W2^2))."""
    scores = true_scores(params, X)
    shifted = scores - scores.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    data_loss = -np.mean(log_probs[np.arange(len(y)), y])
    return data_loss + reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))


@st.composite
def networks(draw, max_n=5, max_d=4, min_h=1, max_h=5, max_c=4):
    """``(params, X, y)`` of a two-layer net: X (N, D) in [-2, 2), W1 (D, H), b1 (H,),
    W2 (H, C), b2 (C,) in [-1, 1), labels y (N,) in 0..C-1."""
    n, d = draw(st.integers(1, max_n)), draw(st.integers(1, max_d))
    h, c = draw(st.integers(min_h, max_h)), draw(st.integers(2, max_c))
    seed = draw(SEEDS)
    shapes_ = {"W1": (d, h), "b1": (h,), "W2": (h, c), "b2": (c,)}
    params = {k: fill(s, seed + i, -1.0, 1.0) for i, (k, s) in enumerate(shapes_.items())}
    X = fill((n, d), seed + 4, -2.0, 2.0)
    y = np.random.default_rng(seed + 5).integers(0, c, size=n)
    return params, X, y


def loss_and_grads(value, params, what):
    """Check that ``value``, the result of ``what``, is ``(loss, grads)``: a finite number and
    a dict of finite float64 arrays with the keys and shapes of params."""
    loss, grads = expect_tuple(value, 2, what)
    loss = expect_scalar(loss, f"the loss of {what}")
    if not isinstance(grads, dict) or set(grads) != set(PARAMS):
        got = sorted(grads) if isinstance(grads, dict) else type(grads).__name__
        raise AssertionError(f"grads should be a dict with keys {list(PARAMS)}, got {got}")
    for key in PARAMS:
        expect_array(grads[key], f"grads['{key}'] of {what}", like=params[key])
    return loss, grads


def copied(params):
    """Fresh copies of the parameters: a submission that modifies its inputs (the hidden tests
    grade that) must not corrupt the data a public test checks against."""
    return {key: value.copy() for key, value in params.items()}


def net_loss(student, params, X, y, reg):
    """Call two_layer_net in loss mode and check the types and shapes of (loss, grads)."""
    return loss_and_grads(student.two_layer_net(copied(params), X.copy(), y.copy(), reg),
                          params, f"two_layer_net(params, X, y, reg={reg})")


def check_offset_gradient(f, x, grad, *, name, norm, **options):
    """:func:`check_gradient` of ``f(v) + <t, v>`` against ``grad + t``, for the constant
    vector t = norm * (1, ..., 1) / sqrt(x.size).

    The directional check measures the error relative to ||grad||, and a gradient that sums
    over the batch (db, or any gradient when the rows' contributions cancel) can be nearly 0:
    then the round-off of f (about 1e-16 |f| / h) would fail a correct gradient. Adding the
    same linear term to f and to grad leaves their difference unchanged; with ||t|| >= 2
    max ||grad|| (callers derive that bound from their value ranges), the scale is >=
    ||t|| / 2 and round-off stays far below the tolerance, while any error of grad larger
    than about 1e-6 ||t|| still fails.
    """
    t = np.full(x.shape, norm / np.sqrt(x.size))
    if type(grad) is np.ndarray and grad.shape == x.shape:  # else check_gradient says what
        grad = grad + t
    check_gradient(lambda v: f(v) + float(np.sum(t * v)), x, grad,
                   name=f"{name} (checked as {name} + t, t a constant vector of norm {norm:g})",
                   **options)


def hidden_kink_distance(params, X, key):
    """``kink_distance`` for W1 or b1: how far that parameter may move (along a unit
    direction) before a hidden pre-activation X @ W1 + b1 reaches ReLU's kink at 0. A unit
    change of b1 moves a pre-activation by at most 1, of W1 by at most max_n ||X_n||_2
    (Cauchy-Schwarz)."""
    reach = float(np.max(np.linalg.norm(X, axis=1))) if key == "W1" else 1.0

    def distance(value):
        p = {**params, key: value}
        return float(np.min(np.abs(X @ p["W1"] + p["b1"]))) / reach

    return distance


# --- affine layer -------------------------------------------------------------------------


@st.composite
def affine_inputs(draw):
    """``(x, w, b, dout)``: x of shape (N, d_1, ..., d_k) with k = 1..3 and sides <= 4 (so
    N <= 4, D <= 64), w (D, M) with M <= 5, b (M,), dout (N, M); values in [-1, 1)."""
    x_shape = draw(shapes(min_dims=2, max_dims=4, max_side=4))
    m, seed = draw(st.integers(1, 5)), draw(SEEDS)
    d = int(np.prod(x_shape[1:]))
    return tuple(fill(shape, seed + i, -1.0, 1.0)
                 for i, shape in enumerate((x_shape, (d, m), (m,), (x_shape[0], m))))


@graded(points=2, function="affine_forward")
@given(inputs=affine_inputs())
def test_affine_forward_values(student, inputs):
    """affine_forward flattens each example (x.reshape(N, -1)) and returns
    x_flat @ w + b, of shape (N, M)."""
    x, w, b, _ = inputs
    expected = true_affine(x, w, b)
    out, _ = expect_tuple(student.affine_forward(x.copy(), w.copy(), b.copy()), 2,
                          "affine_forward()")
    out = expect_array(out, "affine_forward() output", like=expected)
    assert_close(out, expected, f"affine_forward output for x of shape {x.shape}",
                 rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("wrt", [pytest.param(name, marks=graded(2, "affine_backward"),
                                              id=name) for name in ("x", "w", "b")])
@given(inputs=affine_inputs())
def test_affine_backward_gradcheck(student, wrt, inputs):
    """affine_backward returns (dx, dw, db): each is the gradient of sum(out * dout) with
    respect to that input, with the input's shape (dx has x's shape (N, d_1, ..., d_k)).
    Scale: ||dx|| <= ||dout|| ||w|| <= sqrt(20 * 320) = 80, ||dw|| <= ||x|| ||dout|| <=
    sqrt(256 * 20) = 72, ||db|| <= 4 sqrt(5) = 9, so an offset of norm 200 is safe."""
    x, w, b, dout = inputs
    _, cache = expect_tuple(student.affine_forward(x.copy(), w.copy(), b.copy()), 2,
                            "affine_forward()")
    grads = expect_tuple(student.affine_backward(dout.copy(), cache), 3, "affine_backward()")
    values = {"x": x, "w": w, "b": b}
    f = projected(lambda value: true_affine(**{**values, wrt: value}), dout)
    check_offset_gradient(f, values[wrt], grads["xwb".index(wrt)], name=f"d{wrt}", norm=200)


# --- ReLU ---------------------------------------------------------------------------------


@graded(points=1, function="relu_forward")
@given(x=arrays())
def test_relu_forward_values(student, x):
    """relu_forward returns max(0, x) element-wise, with x's shape."""
    out, _ = expect_tuple(student.relu_forward(x), 2, "relu_forward()")
    assert_close(expect_array(out, "relu_forward() output", like=x), np.maximum(x, 0.0),
                 "relu(x)")


@graded(points=1, function="relu_backward")
@through
@given(x=arrays(min_magnitude=1e-3), seed=SEEDS)
def test_relu_backward_gradcheck(student, x, seed):
    """relu_backward is the gradient of relu away from the kink at 0."""
    # forward on a copy: a relu_forward that clips x in place (graded by the hidden tests)
    # must not move the test's x onto the kink
    def relu_forward(x):
        return student.relu_forward(x.copy())

    check_backward(relu_forward, student.relu_backward, {"x": x}, ("x",),
                   fill(x.shape, seed), truth=lambda x: np.maximum(x, 0.0),
                   kink_distance={"x": away_from(0.0)})


# --- two-layer network --------------------------------------------------------------------


@graded(points=2, function="two_layer_net")
@given(net=networks())
def test_two_layer_net_scores(student, net):
    """With y=None, two_layer_net returns only the scores relu(X W1 + b1) W2 + b2, of shape
    (N, C)."""
    params, X, _ = net
    expected = true_scores(params, X)
    scores = expect_array(student.two_layer_net(copied(params), X.copy()),
                          "two_layer_net(params, X)", like=expected)
    assert_close(scores, expected, "the scores", rtol=1e-9, atol=1e-12)


@graded(points=2, function="two_layer_net")
@given(net=networks(), reg=st.floats(0.0, 1.0))
def test_two_layer_net_loss(student, net, reg):
    """With labels, two_layer_net returns (loss, grads): loss is the mean softmax
    cross-entropy plus reg * (sum(W1^2) + sum(W2^2)) (no decay on the biases), and grads has
    the keys of params with their shapes."""
    params, X, y = net
    loss, _ = net_loss(student, params, X, y, reg)
    assert_close(loss, true_loss(params, X, y, reg), f"the loss with reg={reg}", rtol=1e-9)


@pytest.mark.parametrize("key", [pytest.param(key, marks=graded(2, "two_layer_net"), id=key)
                                 for key in PARAMS])
@given(net=networks(), reg=REGS)
def test_two_layer_net_gradcheck(student, key, net, reg):
    """grads[key] is the gradient of the loss (data loss plus weight decay, reg > 0) with
    respect to params[key], away from the ReLU kinks.
    Scale (from the value ranges of networks()): ||dW1|| <= sum_n ||X_n|| ||W2|| sqrt(2) / N
    + 2 ||W1|| <= 4 * 4.5 * 1.5 + 9 < 36, ||dW2|| <= ||h|| sqrt(2) + 2 ||W2|| < 20 * 1.5 + 9
    < 40, ||db1|| < 7, ||db2|| < 1.5: an offset of norm 100 is safe, and keeps the check
    exact enough even when the kink guard shrinks the step to 1e-8 (|f| < 600, so round-off
    is below 2 * 600 * 1.1e-16 / 2e-8 / 50 = 1.4e-7 relative)."""
    params, X, y = net
    _, grads = net_loss(student, params, X, y, reg)
    distance = hidden_kink_distance(params, X, key) if key in ("W1", "b1") else None
    check_offset_gradient(lambda value: true_loss({**params, key: value}, X, y, reg),
                          params[key], grads[key], name=f"grads['{key}'] (reg={reg})",
                          norm=100, kink_distance=distance)


@graded(points=3, function="two_layer_net")
@given(net=networks(), reg=REGS)
def test_weight_decay_adds_2_reg_W(student, net, reg):
    """Weight decay reg * sum(W^2) adds exactly reg * (sum(W1^2) + sum(W2^2)) to the loss and
    2 * reg * W to dW1 and dW2 (the derivative of reg * W^2), and nothing to db1, db2: compare
    the results at reg and at reg = 0. Round-off: the data parts are computed identically in
    both calls, so the differences are exact up to about 1e-16 times the largest value."""
    params, X, y = net
    loss, grads = net_loss(student, params, X, y, reg)
    loss0, grads0 = net_loss(student, params, X, y, 0.0)
    decay = reg * (np.sum(params["W1"] ** 2) + np.sum(params["W2"] ** 2))
    assert_close(loss - loss0, decay, f"loss(reg={reg}) - loss(reg=0)", rtol=1e-9,
                 atol=1e-12 * (1 + abs(loss)))
    for key in PARAMS:
        expected = 2 * reg * params[key] if key.startswith("W") else np.zeros_like(params[key])
        scale = 1 + float(np.max(np.abs(grads[key])))
        assert_close(grads[key] - grads0[key], expected,
                     f"grads['{key}'] at reg={reg} minus grads['{key}'] at reg=0 "
                     f"(expected {'2 * reg * ' + key if key.startswith('W') else '0'})",
                     rtol=1e-9, atol=1e-12 * scale)


@graded(points=2, function="two_layer_net", contract="finite at extreme inputs",
        rules="finite")
@given(net=networks(), reg=REGS, seed=SEEDS)
def test_two_layer_net_large_scores(student, net, reg, seed):
    """Scores near 1000 (biases b2 in [750, 1000), so exp(score) overflows) still give a
    finite loss and gradients, without warnings: subtract each row's maximum score before
    exponentiating."""
    params, X, y = net
    params = {**params, "b2": fill(params["b2"].shape, seed, 750.0, 1000.0)}
    result = assert_no_warnings(student.two_layer_net, copied(params), X.copy(), y.copy(), reg)
    loss, _ = loss_and_grads(result.value, params, "two_layer_net at scores near 1000")
    assert_close(loss, true_loss(params, X, y, reg), "the loss at scores near 1000",
                 rtol=1e-9, atol=1e-9)


@graded(points=2, function="two_layer_net", requires="test_two_layer_net_loss")
@given(net=networks(min_h=2), zero=st.booleans(), beta=st.floats(0.1, 2.0), reg=REGS,
       seed=SEEDS)
def test_identical_hidden_units_stay_identical(student, net, zero, beta, reg, seed):
    """Symmetry (seed 002 §8, "why not initialise the weights with zero?"): when every hidden
    unit starts with the same incoming weights (W1 = w 1^T, e.g. w = 0), the same bias and the
    same outgoing weights (W2 = 1 u^T), every unit receives the same gradient, so after a
    gradient step the units are still identical: gradient descent cannot break the symmetry.
    Round-off: the units are computed by the same arithmetic, so they may differ by about
    1e-16 of the largest value (BLAS may block columns differently), far below 1e-12."""
    params, X, y = net
    H = params["b1"].shape[0]
    w = np.zeros(X.shape[1]) if zero else fill((X.shape[1],), seed, -1.0, 1.0)
    u = fill((params["b2"].shape[0],), seed + 1, -1.0, 1.0)
    params = {"W1": np.repeat(w[:, None], H, axis=1), "b1": np.full(H, beta),
              "W2": np.repeat(u[None, :], H, axis=0), "b2": params["b2"]}
    _, grads = net_loss(student, params, X, y, reg)
    for key, unit_axis in (("W1", 1), ("b1", 0), ("W2", 0)):
        g = grads[key]
        first = np.take(g, [0], axis=unit_axis)
        assert_close(g, np.broadcast_to(first, g.shape),
                     f"grads['{key}'] of hidden units 1..{H - 1} (all units are identical, so "
                     f"each should equal unit 0's)", rtol=0, atol=1e-12 * (1 + np.max(np.abs(g))))
    stepped = {key: params[key] - 0.1 * grads[key] for key in PARAMS}
    hidden = np.maximum(X @ stepped["W1"] + stepped["b1"], 0.0)
    assert_close(hidden, np.broadcast_to(hidden[:, :1], hidden.shape),
                 "hidden activations after one gradient step (should be identical per unit)",
                 rtol=0, atol=1e-12 * (1 + np.max(np.abs(hidden))))


# --- numerical gradient -------------------------------------------------------------------


@st.composite
def quadratics(draw):
    """``(A, b, c, x)`` with x of 1..8 entries (shape with 1..3 axes) and every value in
    [-1, 1); A's diagonal has |A_ii| >= 0.5, so a forward difference errs by at least
    h / 2 * 0.5 = 2.5e-6 on every entry."""
    shape = draw(shapes(min_dims=1, max_dims=3, max_side=4).filter(lambda s: np.prod(s) <= 8))
    seed, D = draw(SEEDS), int(np.prod(shape))
    A = fill((D, D), seed, -1.0, 1.0)
    A[np.diag_indices(D)] = fill((D,), seed + 1, -1.0, 1.0, min_magnitude=0.5)
    return A, fill((D,), seed + 2, -1.0, 1.0), float(fill((1,), seed + 3, -1.0, 1.0)[0]), \
        fill(shape, seed + 4, -1.0, 1.0)


@graded(points=3, function="numerical_gradient")
@given(problem=quadratics())
def test_numerical_gradient_exact_on_quadratics(student, problem):
    """On f(x) = 0.5 v^T A v + b^T v + c (v = x.ravel()), central differences are exact: the
    terms in h^2 cancel, so numerical_gradient(f, x) with the default h = 1e-5 equals
    0.5 (A + A^T) v + b to 1e-8 (a forward difference errs by h/2 * A_ii >= 2.5e-6).
    Round-off bound: with D <= 8 entries and every |value| < 1, each computed f value is off
    by at most (2D + 2) u (0.5 D^2 + D + 1) = 18 * 1.1e-16 * 41 < 8.2e-14 (u = 2^-53), so a
    difference quotient errs by less than 2 * 8.2e-14 / (2h) = 8.2e-9; rounding x_i +- h
    adds at most u / h * max|gradient| < 1.1e-11 * 9 = 1e-10. Total < 1e-8."""
    A, b, c, x = problem
    expected = (0.5 * (A + A.T) @ x.ravel() + b).reshape(x.shape)
    grad = expect_array(student.numerical_gradient(quadratic(A, b, c), x.copy()),
                        "numerical_gradient(f, x)", like=x)
    assert_close(grad, expected, "numerical gradient of a quadratic", rtol=0, atol=1e-8)


@graded(points=2, function="numerical_gradient")
@given(x=arrays(shapes(max_side=4), low=-3.0, high=3.0), h=st.floats(0.05, 0.5), seed=SEEDS)
def test_numerical_gradient_uses_step_h(student, x, h, seed):
    """numerical_gradient uses the step h it is given: for f(x) = sum(w * sin(x)), the central
    difference is exactly (sin(x + h) - sin(x - h)) / 2h * w = w cos(x) sin(h) / h, which
    differs from the true gradient w cos(x) by a factor 1 - h^2/6 + ... (at h = 0.05 that is
    4e-4). Round-off: f sums at most 64 terms below 2, so it is off by < 64 * 128 u = 1e-12,
    and the quotient by < 2e-12 / 2h = 2e-11 for h >= 0.05, well inside the 1e-10."""
    weights = fill(x.shape, seed, 0.5, 2.0)
    grad = expect_array(student.numerical_gradient(sin_sum(weights), x.copy(), h),
                        f"numerical_gradient(f, x, h={h})", like=x)
    assert_close(grad, weights * np.cos(x) * np.sin(h) / h,
                 f"central difference of sum(w * sin(x)) with h={h}", rtol=1e-9, atol=1e-10)


@graded(points=2, function="numerical_gradient",
        requires="test_numerical_gradient_exact_on_quadratics", contract="inputs unchanged",
        rules="inputs-unchanged")
@given(problem=quadratics())
def test_numerical_gradient_leaves_x_unchanged(student, problem):
    """numerical_gradient may perturb x while it works, but x must hold exactly its original
    values afterwards (restore the saved value; x + h - 2h + h is not x in floating point)."""
    A, b, c, x = problem
    result = assert_inputs_unchanged(student.numerical_gradient, quadratic(A, b, c), x)
    expect_array(result.value, "numerical_gradient(f, x)", like=x)


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires
UNCHANGED = {
    "affine_forward": ("test_affine_forward_values", affine_inputs().map(
        lambda i: {"x": i[0], "w": i[1], "b": i[2]})),
    "affine_backward": ("test_affine_backward_gradcheck[x]", affine_inputs().map(
        lambda i: {"x": i[0], "w": i[1], "b": i[2]})),
    "relu_forward": ("test_relu_forward_values", st.builds(dict, x=arrays())),
    "relu_backward": ("test_relu_backward_gradcheck", st.builds(dict, x=arrays())),
    "two_layer_net": ("test_two_layer_net_loss", st.builds(
        lambda net, reg: {"params": net[0], "X": net[1], "y": net[2], "reg": reg},
        networks(), REGS)),
}
FORWARD = {"affine_backward": "affine_forward", "relu_backward": "relu_forward"}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays): a backward pass
    changes neither dout nor the cache of the forward pass, two_layer_net none of params."""
    assert_leaves_inputs(student, function, data.draw(UNCHANGED[function][1], label="inputs"),
                         seed, FORWARD.get(function))
