"""Public graded tests for 09_rnn: released to students with the assignment.

Notation: a_t = x_t Wx + h_{t-1} Wh + b, h_t = tanh(a_t); x (N, T, D), h0 (N, H), Wx (D, H),
Wh (H, H), b (H,). The gradient checks differentiate trusted closed forms of the recurrence
(below), never the student's forward, so a wrong forward with a matching backward earns
nothing.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    DEFAULT_RTOL,
    DEFAULT_STEP,
    SEEDS,
    assert_close,
    assert_leaves_inputs,
    check_backward,
    check_gradient,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    through,
    unchanged_params,
    values_in_order,
    working_forward,
)

STEP_NAMES = ("x", "prev_h", "Wx", "Wh", "b")
SEQUENCE_NAMES = ("x", "h0", "Wx", "Wh", "b")
SHARED = ("Wx", "Wh", "b")  # the parameters every time step uses


# --- trusted closed forms -----------------------------------------------------------------


def true_step(x, prev_h, Wx, Wh, b):
    return np.tanh(x @ Wx + prev_h @ Wh + b)


def unrolled(x, h0, Wxs, Whs, bs):
    """The recurrence with one copy of each parameter per step (Wxs[t] is used at step t):
    returns h (N, T, H). With identical copies it is the RNN; perturbing one copy isolates
    one step's contribution to a shared parameter's gradient."""
    h, prev = [], h0
    for t in range(x.shape[1]):
        prev = np.tanh(x[:, t] @ Wxs[t] + prev @ Whs[t] + bs[t])
        h.append(prev)
    return np.stack(h, axis=1)


def true_rnn(x, h0, Wx, Wh, b):
    T = x.shape[1]
    return unrolled(x, h0, [Wx] * T, [Wh] * T, [b] * T)


# --- inputs ---------------------------------------------------------------------------------


@st.composite
def step_inputs(draw):
    """One step's inputs with pre-activations of order 1 (tanh neither linear nor
    saturated): x, prev_h in [-1, 1), weights scaled by 1/sqrt(fan-in)."""
    n, d, h = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    seed = draw(SEEDS)
    return {"x": fill((n, d), seed, -1, 1), "prev_h": fill((n, h), seed + 1, -1, 1),
            "Wx": fill((d, h), seed + 2, -1.5 / np.sqrt(d), 1.5 / np.sqrt(d)),
            "Wh": fill((h, h), seed + 3, -1.5 / np.sqrt(h), 1.5 / np.sqrt(h)),
            "b": fill((h,), seed + 4, -0.5, 0.5)}


@st.composite
def sequence_inputs(draw, min_t=1, max_t=6):
    """A sequence's inputs, scaled like :func:`step_inputs`; x is (N, T, D)."""
    n, t = draw(st.integers(1, 3)), draw(st.integers(min_t, max_t))
    d, h = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    seed = draw(SEEDS)
    return {"x": fill((n, t, d), seed, -1, 1), "h0": fill((n, h), seed + 1, -1, 1),
            "Wx": fill((d, h), seed + 2, -1.5 / np.sqrt(d), 1.5 / np.sqrt(d)),
            "Wh": fill((h, h), seed + 3, -1.5 / np.sqrt(h), 1.5 / np.sqrt(h)),
            "b": fill((h,), seed + 4, -0.5, 0.5)}


def run_forward(fn, inputs, shape):
    """Call a forward function; check it returns (float64 array of ``shape``, cache)."""
    out, cache = expect_tuple(fn(**inputs), 2, f"{fn.__name__}()")
    return expect_array(out, f"{fn.__name__}() output", shape=shape), cache


def run_rnn_backward(student, inputs, dh):
    """rnn_forward then rnn_backward(dh, cache); returns the five gradients, each checked to
    be a float64 array of its input's shape."""
    N, T, _ = inputs["x"].shape
    _, cache = working_forward(student.rnn_forward, inputs, dh.shape)
    grads = expect_tuple(student.rnn_backward(dh, cache), 5, "rnn_backward()")
    return [expect_array(g, f"d{name}", like=inputs[name])
            for g, name in zip(grads, SEQUENCE_NAMES)]


# --- one step -------------------------------------------------------------------------------


@graded(points=2, function="rnn_step_forward")
@given(inputs=step_inputs())
def test_step_forward_formula(student, inputs):
    """rnn_step_forward returns next_h = tanh(x Wx + prev_h Wh + b), of shape (N, H)."""
    N, H = inputs["prev_h"].shape
    next_h, _ = run_forward(student.rnn_step_forward, inputs, (N, H))
    assert_close(next_h, true_step(**inputs), "next_h = tanh(x Wx + prev_h Wh + b)",
                 rtol=1e-9, atol=1e-12)


@graded(points=3, function="rnn_step_backward")
@through
@given(inputs=step_inputs(), seed=SEEDS)
def test_step_backward_gradcheck(student, inputs, seed):
    """rnn_step_backward's dx, dprev_h, dWx, dWh and db are the gradients of
    sum(tanh(x Wx + prev_h Wh + b) * dnext_h) (central differences)."""
    dnext_h = fill(inputs["prev_h"].shape, seed)
    check_backward(student.rnn_step_forward, student.rnn_step_backward, inputs, STEP_NAMES,
                   dnext_h, truth=true_step)


# --- a whole sequence -----------------------------------------------------------------------


@graded(points=2, function="rnn_forward")
@given(inputs=sequence_inputs())
def test_forward_recurrence(student, inputs):
    """rnn_forward returns h of shape (N, T, H) with h[:, t] = tanh(x[:, t] Wx + h_prev Wh
    + b), starting from h_prev = h0 and using the same parameters at every step."""
    (N, T, _), H = inputs["x"].shape, inputs["h0"].shape[1]
    h, _ = run_forward(student.rnn_forward, inputs, (N, T, H))
    expected = true_rnn(**inputs)
    for t in range(T):
        assert_close(h[:, t], expected[:, t], f"h[:, {t}] (step {t + 1} of {T})",
                     rtol=1e-9, atol=1e-12)


@graded(points=3, function="rnn_backward")
@through
@given(inputs=sequence_inputs(), seed=SEEDS)
def test_backward_gradcheck(student, inputs, seed):
    """rnn_backward's dx, dh0, dWx, dWh and db are the gradients of sum(h * dh) over the
    whole sequence, h the closed-form recurrence (central differences)."""
    (N, T, _), H = inputs["x"].shape, inputs["h0"].shape[1]
    check_backward(student.rnn_forward, student.rnn_backward, inputs, SEQUENCE_NAMES,
                   fill((N, T, H), seed), truth=true_rnn)


@graded(points=2, function="rnn_backward")
@through
@given(inputs=sequence_inputs(min_t=2), seed=SEEDS)
def test_bptt_sums_over_time(student, inputs, seed):
    """The gradient of a parameter shared across time is the SUM of the contributions of
    every step (seed 001 Q3: dE/du = sum_t dJ_t/du, each dJ_t/du summing over the steps
    that used u).

    Untie the parameter: give step t its own copy P_t (all copies equal to P). Step t's
    contribution along a random unit direction v is c_t = d/de L(P_t + e v), a central
    difference of the closed form L = sum(h * dh) in which only copy t moves. The student's
    <dP, v> must equal sum_t c_t within the relative error 1e-6 of the gradient checks
    (same step 1e-5 and safe denominator max(|sum|, |<dP, v>|, ||dP||)). Forgetting to
    accumulate over time (dWh = ... instead of dWh += ...) keeps one c_t and fails here.
    """
    x, T = inputs["x"], inputs["x"].shape[1]
    dh = fill(true_rnn(**inputs).shape, seed)
    grads = dict(zip(SEQUENCE_NAMES, run_rnn_backward(student, inputs, dh)))
    rng = np.random.default_rng(seed)
    for name in SHARED:
        value = inputs[name]
        v = rng.standard_normal(value.shape)
        v /= np.linalg.norm(v)
        contributions = []
        for t in range(T):
            def loss(e, t=t):
                copies = {p: [inputs[p]] * T for p in SHARED}
                copies[name] = [value + e * v if s == t else value for s in range(T)]
                return np.sum(unrolled(x, inputs["h0"], copies["Wx"], copies["Wh"],
                                       copies["b"]) * dh)
            contributions.append((loss(DEFAULT_STEP) - loss(-DEFAULT_STEP)) / (2 * DEFAULT_STEP))
        total, analytic = float(np.sum(contributions)), float(np.sum(grads[name] * v))
        scale = max(abs(total), abs(analytic), float(np.linalg.norm(grads[name])), 1e-300)
        if abs(total - analytic) / scale > DEFAULT_RTOL:
            steps = ", ".join(f"{c:.6g}" for c in contributions)
            hint = ""
            matching = [t for t, c in enumerate(contributions)
                        if abs(c - analytic) <= 1e-6 * scale]
            if matching:
                hint = (f"; it equals the contribution of step {matching[0] + 1} alone: "
                        f"accumulate d{name} over all steps (+=), do not overwrite it")
            raise AssertionError(
                f"d{name} along a random direction is {analytic:.10g}, but the sum of the "
                f"{T} per-step contributions is {total:.10g} (steps 1..{T}: {steps}){hint}")


@graded(points=2, function="rnn_backward")
@through
@given(inputs=sequence_inputs(min_t=2), data=st.data(), seed=SEEDS)
def test_loss_at_one_step_reaches_back_not_forward(student, inputs, data, seed):
    """A loss J_t that reads only h_t (dh zero except at step t >= 2) depends on x_1..x_t
    and h0 but not on later inputs: dx at steps after t is exactly 0, and dx (all steps)
    and dh0 are the gradients of J_t (central differences of the closed form). The gradient
    must flow back from step t through Wh to every earlier step and to h0.

    dh0 reaches h0 only through t + 1 factors Wh^T diag(tanh'), so it may legitimately
    vanish (e.g. |Wh| = 0.05 over 5 steps gives 1e-7); check_gradient's round-off allowance
    (relative to ``scale`` = sum |h * dh|) keeps a correct dh0 from failing then. dx[:, t]
    comes from J_t directly and is not small."""
    x, h0 = inputs["x"], inputs["h0"]
    N, T, _ = x.shape
    t = data.draw(st.integers(1, T - 1), label="t (0-based step of the loss)")
    dh = np.zeros((N, T, h0.shape[1]))
    dh[:, t] = fill((N, h0.shape[1]), seed)
    dx, dh0, *_ = run_rnn_backward(student, inputs, dh)
    later = np.abs(dx[:, t + 1:])
    assert np.all(later == 0), (
        f"a loss at step {t + 1} of {T} cannot depend on later inputs, but dx[:, {t + 1}:] "
        f"has entries up to {later.max():.3g} (expected exactly 0)")
    check_gradient(lambda z: float(np.sum(true_rnn(**{**inputs, "x": z}) * dh)), x, dx,
                   name=f"dx (loss at step {t + 1} only)")
    magnitude = float(np.sum(np.abs(true_rnn(**inputs) * dh)))
    check_gradient(lambda z: float(np.sum(true_rnn(**{**inputs, "h0": z}) * dh)), h0, dh0,
                   name=f"dh0 (loss at step {t + 1} only)", scale=magnitude)


@graded(points=2, function="rnn_backward")
@through
@given(n=st.integers(1, 3), hidden=st.integers(1, 5), T=st.integers(2, 10),
       scale=st.floats(0.5, 1.5), seed=SEEDS)
def test_orthogonal_recurrence_preserves_gradient_norm(student, n, hidden, T, scale, seed):
    """With Wh = s Q (Q orthogonal) and a linear activation, backpropagating the gradient g
    of a loss at the last step T to step t multiplies it by Wh^T (T - t) times, so its norm
    is s^(T-t) ||g||: preserved for s = 1, vanishing for s < 1, exploding for s > 1 (the
    matrix version of bptt_gain).

    tanh is not linear, but near 0 it almost is: this test runs the student's tanh RNN with
    x = 0, b = 0, Wx = I (D = H, so dx_t is the gradient da_t of the pre-activation) and
    ||h0|| = eps = 1e-4 / max(1, s)^T per row, so that every |h_t| <= m <= 1e-4 (tanh
    contracts, Q preserves the norm). Going back one step multiplies by s times an
    orthogonal matrix and by a diagonal of tanh' = 1 - h^2 in [1 - m^2, 1], so, exactly,
        (1 - m^2)^(T - t) <= ||dx[n, t]|| / (s^(T-1-t) ||g_n||) <= 1
    (t 0-based; likewise ||dh0_n|| / (s^T ||g_n||) with T diagonal factors). The test
    allows 1 - (1 - m^2)^T below 1 (<= T m^2 <= 1e-7) plus 1e-10 of round-off either side,
    with m the largest |h| of the closed form. It checks s = 1 and a drawn s in [0.5, 1.5].
    (A transposed Wh also preserves norms, so this test does not see that mistake; the
    gradient checks do.)"""
    q, _ = np.linalg.qr(fill((hidden, hidden), seed) + 3 * np.eye(hidden))
    g = fill((n, hidden), seed + 1)
    for s in (1.0, scale):
        eps = 1e-4 / max(1.0, s) ** T
        h0 = fill((n, hidden), seed + 2)
        h0 *= eps / np.linalg.norm(h0, axis=1, keepdims=True)
        inputs = {"x": np.zeros((n, T, hidden)), "h0": h0, "Wx": np.eye(hidden),
                  "Wh": s * q, "b": np.zeros(hidden)}
        m = float(np.max(np.abs(true_rnn(**inputs))))
        low = (1 - m * m) ** T - 1e-10
        dh = np.zeros((n, T, hidden))
        dh[:, -1] = g
        dx, dh0, *_ = run_rnn_backward(student, inputs, dh)
        norm_g = np.linalg.norm(g, axis=1)
        # (name of row k, gradient rows, number of Wh^T factors between it and the loss)
        targets = [(f"dx[{{k}}, {t}]", dx[:, t], T - 1 - t) for t in range(T)]
        for label, got, steps in targets + [("dh0[{k}]", dh0, T)]:
            ratio = np.linalg.norm(got, axis=1) / (s ** steps * norm_g)
            if not np.all((ratio >= low) & (ratio <= 1 + 1e-10)):
                k = int(np.argmax(np.abs(ratio - 1)))
                what = label.format(k=k)
                raise AssertionError(
                    f"with Wh = {s:g} * orthogonal, tiny activations (|h| <= {m:.1e}) and a "
                    f"loss at the last of {T} steps, ||{what}|| should be {s:g}^{steps} "
                    f"* ||g|| = {s ** steps * norm_g[k]:.10g} (up to a relative "
                    f"{1 - low:.1e}), got {ratio[k] * s ** steps * norm_g[k]:.10g}")


# --- bptt_gain ------------------------------------------------------------------------------


@graded(points=2, function="bptt_gain", rules="scalar")
def test_bptt_gain_seed_examples(student):
    """The lecture's examples (seed 004), T = 50: bptt_gain(-1.1, 50) = (-1.1)^49 and
    bptt_gain(0.9, 50) = 0.9^49.

    The expected literals are the correctly rounded float64 values of the exact rationals
    (-11/10)^49 = -106.71895716335938... and (9/10)^49 = 0.005726416897022348... (computed
    with fractions.Fraction); rtol 1e-12 leaves room for the ~50 roundings of a loop that
    multiplies w 48 times, or for float ** int.

    The seed's own numbers are wrong: it gives 117.4 for w = -1.1, which is (-1.1)^50 =
    1.1^50 = 117.39 (exponent T instead of T - 1, which also flips the sign to +), and
    0.0015 for w = 0.9, which is neither 0.9^49 = 0.00573 nor 0.9^50 = 0.00515 and matches
    no natural exponent (0.9^61.7; the nearest integer power is 0.9^62 = 0.00146). It may be
    0.0051 (0.9^50, the same slip) with two digits swapped, but that is a guess."""
    for w, expected, seed_value in ((-1.1, -106.71895716335938, 117.4),
                                    (0.9, 0.005726416897022348, 0.0015)):
        got = expect_scalar(student.bptt_gain(w, 50), f"bptt_gain({w}, 50)")
        if abs(got - w ** 50) <= 1e-9 * abs(w ** 50):
            raise AssertionError(f"bptt_gain({w}, 50) returned {got:.10g} = ({w})^50: the "
                                 f"gain from h_1 to h_T has T - 1 = 49 factors of w, not 50")
        assert_close(got, expected, f"bptt_gain({w}, 50) = {w}^49 (the lecture's "
                     f"{seed_value} is wrong)", rtol=1e-12, atol=0)


@graded(points=1, function="bptt_gain")
@given(magnitude=st.floats(0.05, 3), sign=st.sampled_from([-1, 1]), T=st.integers(1, 100))
def test_bptt_gain_is_repeated_multiplication(student, magnitude, sign, T):
    """bptt_gain(w, 1) = 1 (no transition, no factor) and bptt_gain(w, T + 1) =
    w * bptt_gain(w, T): each extra step backwards multiplies the gradient by
    dh_t/dh_{t-1} = w (sign included)."""
    w = sign * magnitude
    gains = values_in_order(student.bptt_gain, [((w, 1), {}), ((w, T), {}), ((w, T + 1), {})])
    one = expect_scalar(next(gains), f"bptt_gain({w}, 1)")
    assert_close(one, 1.0, f"bptt_gain({w}, 1) (dh_1/dh_1)", rtol=1e-12, atol=0)
    now = expect_scalar(next(gains), f"bptt_gain({w}, {T})")
    after = expect_scalar(next(gains), f"bptt_gain({w}, {T + 1})")
    assert_close(after, w * now, f"bptt_gain({w}, {T + 1}) = w * bptt_gain({w}, {T})",
                 rtol=1e-12, atol=0)


@graded(points=2, function="bptt_gain")
@given(magnitude=st.floats(0.3, 0.95) | st.floats(1.05, 2.0), sign=st.sampled_from([-1, 1]),
       T=st.integers(2, 100))
def test_bptt_gain_vanishes_or_explodes(student, magnitude, sign, T):
    """|bptt_gain(w, T)| = |w|^(T-1) shrinks with T when |w| < 1 (vanishing gradient) and
    grows when |w| > 1 (exploding gradient); |w| = 1 keeps it at 1. Its sign is
    sign(w)^(T-1). At T = 50 it is at most 0.95^49 < 0.082 or at least 1.05^49 > 10.9."""
    w = sign * magnitude
    gains = values_in_order(student.bptt_gain, [((w, T), {}), ((w, T + 1), {}), ((w, 50), {}),
                                                ((1.0, T), {}), ((-1.0, T), {})])
    now = expect_scalar(next(gains), f"bptt_gain({w}, {T})")
    later = expect_scalar(next(gains), f"bptt_gain({w}, {T + 1})")
    long = expect_scalar(next(gains), f"bptt_gain({w}, 50)")
    if magnitude < 1:
        assert abs(later) < abs(now) < 1, (
            f"|w| = {magnitude} < 1: the gain should vanish as T grows, got "
            f"|bptt_gain(w, {T})| = {abs(now):.6g} and |bptt_gain(w, {T + 1})| = {abs(later):.6g}")
        assert abs(long) <= 0.95 ** 49 * (1 + 1e-12), f"bptt_gain({w}, 50) = {long:.6g} should have vanished"
    else:
        assert abs(later) > abs(now) > 1, (
            f"|w| = {magnitude} > 1: the gain should explode as T grows, got "
            f"|bptt_gain(w, {T})| = {abs(now):.6g} and |bptt_gain(w, {T + 1})| = {abs(later):.6g}")
        assert abs(long) >= 1.05 ** 49 * (1 - 1e-12), f"bptt_gain({w}, 50) = {long:.6g} should have exploded"
    expected_sign = float(np.sign(w)) ** (T - 1)
    assert np.sign(now) == expected_sign, (
        f"bptt_gain({w}, {T}) = {now:.6g} should have the sign of w^{T - 1}: {expected_sign:+g}")
    for unit, got in zip((1.0, -1.0), gains):
        got = expect_scalar(got, f"bptt_gain({unit}, {T})")
        assert_close(abs(got), 1.0, f"|bptt_gain({unit}, {T})| (|w| = 1 keeps the norm)",
                     rtol=1e-12, atol=0)


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires
UNCHANGED = {
    "rnn_step_forward": ("test_step_forward_formula", step_inputs()),
    "rnn_step_backward": ("test_step_backward_gradcheck", step_inputs()),
    "rnn_forward": ("test_forward_recurrence", sequence_inputs()),
    "rnn_backward": ("test_backward_gradcheck", sequence_inputs()),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays): a backward pass
    changes neither the upstream gradient nor the cache of the forward pass."""
    assert_leaves_inputs(student, function, data.draw(UNCHANGED[function][1], label="inputs"),
                         seed, function.replace("_backward", "_forward")
                         if function.endswith("_backward") else None)
