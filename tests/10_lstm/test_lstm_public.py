"""Public graded tests for 10_lstm: released to students with the assignment.

Shapes: x (N, D) for a step and (N, T, D) for a sequence, h and c (N, H), Wx (D, 4H),
Wh (H, 4H), b (4H,), gate blocks in the order i, f, o, g. The gradient checks differentiate
the trusted closed forms below (:func:`lstm_cell`, :func:`lstm_unroll`), not the student's
forward pass, so a wrong forward with a matching wrong backward earns nothing.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    assert_leaves_inputs,
    assert_no_warnings,
    chain_outcomes,
    check_backward,
    expect_array,
    expect_tuple,
    fill,
    graded,
    through,
    unchanged_params,
    value_of,
    working_forward,
)

# --- trusted closed forms -----------------------------------------------------------------


def sigmoid(a):
    """Overflow-free logistic sigmoid, accurate on both tails."""
    z = np.exp(-np.abs(a))
    return np.where(a >= 0, 1.0 / (1.0 + z), z / (1.0 + z))


def lstm_cell(x, prev_h, prev_c, Wx, Wh, b):
    """One LSTM step, gates in the order i, f, o, g: returns (next_h, next_c)."""
    H = prev_h.shape[1]
    a = x @ Wx + prev_h @ Wh + b
    i, f, o = sigmoid(a[:, :H]), sigmoid(a[:, H:2 * H]), sigmoid(a[:, 2 * H:3 * H])
    g = np.tanh(a[:, 3 * H:])
    next_c = f * prev_c + i * g
    return o * np.tanh(next_c), next_c


def lstm_unroll(x, h0, Wx, Wh, b):
    """The hidden states (N, T, H) of an LSTM run over x (N, T, D) from h0 and c0 = 0."""
    h, c = h0, np.zeros_like(h0)
    states = []
    for t in range(x.shape[1]):
        h, c = lstm_cell(x[:, t, :], h, c, Wx, Wh, b)
        states.append(h)
    return np.stack(states, axis=1)


# --- inputs -------------------------------------------------------------------------------

SIDES = st.integers(1, 4)


def step_arrays(N, D, H, seed, weight=1.0):
    """Inputs of lstm_step_forward: x in [-1.5, 1.5], prev_h in (-1, 1) (a hidden state),
    prev_c in [-3, 3], Wx, Wh in [-weight, weight], b in [-1, 1]."""
    return {
        "x": fill((N, D), seed, -1.5, 1.5),
        "prev_h": fill((N, H), seed + 1, -0.99, 0.99),
        "prev_c": fill((N, H), seed + 2, -3.0, 3.0),
        "Wx": fill((D, 4 * H), seed + 3, -weight, weight),
        "Wh": fill((H, 4 * H), seed + 4, -weight, weight),
        "b": fill((4 * H,), seed + 5, -1.0, 1.0),
    }


@st.composite
def step_inputs(draw, weight=1.0):
    """A dict of lstm_step_forward's arguments with N, D, H in 1..4."""
    return step_arrays(draw(SIDES), draw(SIDES), draw(SIDES), draw(SEEDS), weight)


@st.composite
def sequence_inputs(draw):
    """A dict of lstm_forward's arguments with N, D, H in 1..3 and T in 1..5."""
    N, T, D, H = (draw(st.integers(1, 3)), draw(st.integers(1, 5)), draw(st.integers(1, 3)),
                  draw(st.integers(1, 3)))
    seed = draw(SEEDS)
    return {
        "x": fill((N, T, D), seed, -1.5, 1.5),
        "h0": fill((N, H), seed + 1, -0.99, 0.99),
        "Wx": fill((D, 4 * H), seed + 2, -1.0, 1.0),
        "Wh": fill((H, 4 * H), seed + 3, -1.0, 1.0),
        "b": fill((4 * H,), seed + 4, -1.0, 1.0),
    }


STEP_ARGUMENTS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")


def step(student, inputs):
    """Call the student's lstm_step_forward; check it returns two float64 (N, H) arrays and
    a cache."""
    return step_outputs(student.lstm_step_forward(*(inputs[k] for k in STEP_ARGUMENTS)),
                        inputs["prev_h"].shape)


def step_outputs(value, shape):
    """lstm_step_forward's value, checked: two float64 arrays of ``shape`` (N, H), and a
    cache."""
    next_h, next_c, cache = expect_tuple(value, 3, "lstm_step_forward()")
    next_h = expect_array(next_h, "next_h", shape=shape)
    next_c = expect_array(next_c, "next_c", shape=shape)
    return next_h, next_c, cache


def step_as_pair(student):
    """The student's lstm_step_forward with one output (N, 2H) = [next_h, next_c], so that
    the toolkit's check_backward and working_forward apply."""
    def lstm_step_forward(**kwargs):
        next_h, next_c, cache = step(student, kwargs)
        return np.concatenate([next_h, next_c], axis=1), cache
    return lstm_step_forward


def sequence(student, inputs):
    """Call the student's lstm_forward; check it returns a float64 (N, T, H) array h."""
    (N, T, _), H = inputs["x"].shape, inputs["h0"].shape[1]
    h, _ = expect_tuple(student.lstm_forward(**inputs), 2, "lstm_forward()")
    return expect_array(h, "h", shape=(N, T, H))


# --- lstm_step_forward --------------------------------------------------------------------


@graded(points=2, function="lstm_step_forward", requires="test_step_forward_values")
@given(inputs=step_inputs())
def test_step_forward_shapes_and_bounds(student, inputs):
    """next_h and next_c have shape (N, H); since every gate lies in (0, 1) and |g| < 1:
    |next_h| < 1, |next_h| <= |tanh(next_c)| and |next_c| <= |prev_c| + 1."""
    next_h, next_c, _ = step(student, inputs)
    assert np.all(np.abs(next_h) < 1), (
        f"|next_h| must be < 1 (next_h = o * tanh(next_c)), got max |next_h| = "
        f"{np.max(np.abs(next_h)):.6g}")
    excess = np.abs(next_h) - np.abs(np.tanh(next_c))
    assert np.all(excess <= 1e-12), (
        f"|next_h| must be <= |tanh(next_c)| (the output gate is in (0, 1)), but at index "
        f"{np.unravel_index(np.argmax(excess), excess.shape)} it exceeds it by "
        f"{np.max(excess):.3g}")
    growth = np.abs(next_c) - np.abs(inputs["prev_c"]) - 1
    assert np.all(growth <= 1e-12), (
        f"|next_c| must be <= |prev_c| + 1 (f, i in (0, 1), |g| < 1), but it exceeds it by "
        f"{np.max(growth):.3g}")


@graded(points=3, function="lstm_step_forward")
@given(inputs=step_inputs())
def test_step_forward_values(student, inputs):
    """next_c = f * prev_c + i * g and next_h = o * tanh(next_c), with
    a = x Wx + prev_h Wh + b split into the blocks i, f, o, g (in that order)."""
    next_h, next_c, _ = step(student, inputs)
    expected_h, expected_c = lstm_cell(**inputs)
    assert_close(next_c, expected_c, "next_c", rtol=1e-9, atol=1e-12)
    assert_close(next_h, expected_h, "next_h", rtol=1e-9, atol=1e-12)


# seed 004's table: (input gate, forget gate) -> what the memory cell does
GATE_TABLE = {
    "remember": (0, 1, lambda c, g: c),
    "add": (1, 1, lambda c, g: c + g),
    "erase": (0, 0, lambda c, g: 0 * c),
    "overwrite": (1, 0, lambda c, g: g + 0 * c),
}


def saturate(inputs, gate_biases):
    """Copy of ``inputs`` whose bias blocks (i, f, o, g) are set to ``gate_biases`` where not
    None."""
    H = inputs["prev_h"].shape[1]
    b = inputs["b"].copy()
    for k, value in enumerate(gate_biases):
        if value is not None:
            b[k * H:(k + 1) * H] = value
    return {**inputs, "b": b}


@graded(points=2, function="lstm_step_forward")
@given(inputs=step_inputs(weight=0.5), regime=st.sampled_from(sorted(GATE_TABLE)))
def test_gate_table(student, inputs, regime):
    """Seed 004's table: with the input gate i and the forget gate f pinned to 0 or 1 by
    biases of -+30, the cell remembers (i=0, f=1: next_c = prev_c), adds (1, 1: prev_c + g),
    erases (0, 0: 0) or overwrites (1, 0: g).

    Tolerance: |x| <= 1.5, |prev_h| < 1, Wx, Wh in [-0.5, 0.5] and D, H <= 4 give
    |x Wx + prev_h Wh| <= 5, so each pinned gate is within e^-25 < 1.4e-11 of 0 or 1 and
    next_c within 1.4e-11 (|prev_c| + 1) <= 6e-11 of the table's value; 1e-9 is allowed."""
    i, f, expected = GATE_TABLE[regime]
    inputs = saturate(inputs, (60 * i - 30, 60 * f - 30, None, None))
    H = inputs["prev_h"].shape[1]
    a = inputs["x"] @ inputs["Wx"] + inputs["prev_h"] @ inputs["Wh"] + inputs["b"]
    g = np.tanh(a[:, 3 * H:])
    _, next_c, _ = step(student, inputs)
    assert_close(next_c, expected(inputs["prev_c"], g),
                 f"next_c with the input gate at {i} and the forget gate at {f} ({regime})",
                 rtol=0, atol=1e-9)


@graded(points=2, function="lstm_step_forward")
@given(inputs=step_inputs(weight=0.5), seed=SEEDS)
def test_highway_carries_cell_state(student, inputs, seed):
    """The gradient highway: with a forget bias of +30 and an input bias of -30, 25 calls of
    lstm_step_forward (each with a new x_t, feeding back next_h and next_c) leave the cell
    state unchanged.

    Tolerance: x_t in [-1, 1], |h| < 1, Wx, Wh in [-0.5, 0.5], D, H <= 4 keep the gates'
    pre-activations within 4 of -+30, so 1 - f and i are <= e^-26 < 5.2e-12 and a step moves
    the cell by at most (1 - f)|prev_c| + i <= 5.2e-12 (3 + 1); 25 steps: < 1e-9 (1e-8
    allowed)."""
    T = 25
    inputs = saturate(inputs, (-30.0, 30.0, None, None))
    c0 = inputs["prev_c"]
    xs = fill((T,) + inputs["x"].shape, seed, -1.0, 1.0)
    steps = [(tuple({**inputs, "x": x}[k] for k in STEP_ARGUMENTS), {}) for x in xs]
    # each step's next_h and next_c are the next step's prev_h and prev_c
    outcomes = chain_outcomes(student.lstm_step_forward, steps, feed={1: 0, 2: 1})
    for t, outcome in enumerate(outcomes):
        _, next_c, _ = step_outputs(value_of(outcome), c0.shape)
        assert_close(next_c, c0, f"the cell state after {t + 1} steps with a forget bias of "
                     f"+30 and an input bias of -30 (it should equal the initial prev_c)",
                     rtol=0, atol=1e-8)


@graded(points=2, function="lstm_step_forward", contract="finite at extreme inputs",
        rules="finite")
@given(inputs=step_inputs(weight=0.5), signs=st.lists(st.sampled_from([-1.0, 1.0]),
                                                      min_size=4, max_size=4))
def test_saturated_gates_no_overflow(student, inputs, signs):
    """With gate biases of +-1000 the sigmoid saturates to exactly 0 or 1 without overflow
    warnings (compute it from exp(-|a|)), and the outputs are still right."""
    inputs = saturate(inputs, [1000.0 * s for s in signs])
    result = assert_no_warnings(student.lstm_step_forward, *(inputs[k] for k in STEP_ARGUMENTS))
    next_h, next_c, _ = expect_tuple(result.value, 3, "lstm_step_forward()")
    expected_h, expected_c = lstm_cell(**inputs)
    assert_close(expect_array(next_c, "next_c", like=expected_c), expected_c,
                 "next_c with gate biases of +-1000", atol=1e-12)
    assert_close(expect_array(next_h, "next_h", like=expected_h), expected_h,
                 "next_h with gate biases of +-1000", atol=1e-12)


# --- the exam's example (seed 003, Problem 3) ---------------------------------------------

EXAM_WEIGHTS = {
    "Wx": np.array([[-1.0, 1.0, 3.0, 1.0],     # columns i, f, o, g: first input weights
                    [0.0, 2.0, 0.0, 2.0]]),    # second input weights
    "Wh": np.array([[2.0, 0.5, -1.0, 1.5]]),
    "b": np.array([-0.1, 0.2, 0.8, 0.5]),
}
EXAM_X = np.array([[[1.0, 0.0], [0.5, -1.0]]])   # (N, T, D) = (1, 2, 2)
EXAM_TARGETS = (0.5, 0.8)
EXAM_H = (0.217415, -0.189882)
EXAM_C = (0.226052, -0.216881)
EXAM_MSE = 0.529861


def assert_4_decimals(got, expected, what):
    assert abs(got - expected) <= 5e-5, (
        f"{what} of the exam's example (seed 003, Problem 3) is wrong: got {got:.6f}, "
        f"expected {expected:.6f}")


def exam_mse(h1, h2):
    return 0.5 * ((EXAM_TARGETS[0] - h1) ** 2 + (EXAM_TARGETS[1] - h2) ** 2)


@graded(points=2, function="lstm_step_forward")
def test_exam_example_step(student):
    """The exam's scalar LSTM (seed 003, Problem 3: 1x2 input weights, two steps from
    h0 = c0 = 0) run with two lstm_step_forward calls gives h1 = 0.2174, c1 = 0.2261,
    h2 = -0.1899, c2 = -0.2169 and MSE 0.5299, to 4 decimals.

    Decoded from the OCR of the exam solution (scalar cell H = 1, input x_t of size D = 2,
    h0 = c0 = 0; per gate a 1x2 input weight W, a scalar recurrent weight U and a bias b):

        gate          W          U      b         CS231n column of Wx / Wh / b
        forget f    [1, 2]      0.5    0.2        1 (block f)
        input  i    [-1, 0]     2     -0.1        0 (block i)
        cand.  C~   [1, 2]      1.5    0.5        3 (block g)
        output o    [3, 0]     -1      0.8        2 (block o)

        x1 = [1, 0], x2 = [0.5, -1]; targets y1 = 0.5, y2 = 0.8;
        MSE = 1/2 [(y1 - h1)^2 + (y2 - h2)^2].

    What the OCR leaves open, and how it was settled: x2 is printed as "[0.5]", its second
    entry lost. The exam's pre-activations fix it: f2's is -1.19129 = 0.5 + 2 x2[1]
    + 0.5 h1 + 0.2 with h1 = 0.217415, so 2 x2[1] = -2.0000, and C~2's (-0.67388 = 0.5
    + 2 x2[1] + 1.5 h1 + 0.5) agrees; i2's (-0.16517) and o2's (2.082585) confirm that the
    second weights of i and o are 0. Only the products W[1] x2[1] are determined, so
    (W_f[1] = W_c[1] = 2, x2[1] = -1) and (-2, +1) are the same example; the OCR's "[12]"
    reads as W = [1, 2]. The MSE's leading "1" is 1/2 (the exam's 0.52986 is half the sum).

    Recomputed in float64 (6 decimals) against the exam's numbers:
        step 1: f1 = sigma(1.2) = 0.768525 (exam 0.7685); i1 = sigma(-1.1) = 0.249740
                (0.24974); C~1 = g1 = tanh(1.5) = 0.905148 (0.905); c1 = i1 g1 = 0.226052
                (0.226052; the OCR shows the product as "0.02 6052"); o1 = sigma(3.8) =
                0.978119 (0.978119); h1 = o1 tanh(c1) = 0.217415 (0.217415).
        step 2: f2 = sigma(-1.191293) = 0.233028 (0.233028); i2 = sigma(-0.165171) = 0.458801
                (0.458801); C~2 = g2 = tanh(-0.673878) = -0.587525 (-0.58753); c2 =
                f2 c1 + i2 g2 = -0.216881 (-0.21688); o2 = sigma(2.082585) = 0.889199
                (0.889199); h2 = o2 tanh(c2) = -0.1898822 (the exam's first -0.18988 is
                right; its restated -0.189881 is truncated, not rounded, to 6 decimals).
        MSE = 1/2 [(0.5 - 0.217415)^2 + (0.8 + 0.189882)^2] = 0.529861 (0.52986).
    So the exam's arithmetic is right to the digits it shows (every pre-activation too:
    -1.19129, -0.16517, -0.67388, 2.082585), apart from that last digit of h2; what is
    wrong is its "= 52.986 %": a mean squared error is not a percentage.
    """
    h, c = np.zeros((1, 1)), np.zeros((1, 1))
    hs = []
    for t in range(2):
        inputs = {"x": EXAM_X[:, t, :], "prev_h": h, "prev_c": c, **EXAM_WEIGHTS}
        h, c, _ = step(student, inputs)
        assert_4_decimals(float(c[0, 0]), EXAM_C[t], f"c{t + 1}")
        assert_4_decimals(float(h[0, 0]), EXAM_H[t], f"h{t + 1}")
        hs.append(float(h[0, 0]))
    assert_4_decimals(exam_mse(*hs), EXAM_MSE, "the MSE 1/2 [(0.5 - h1)^2 + (0.8 - h2)^2]")


@graded(points=2, function="lstm_forward")
def test_exam_example_sequence(student):
    """lstm_forward on the exam's two-step sequence (seed 003, Problem 3) gives
    h = [0.2174, -0.1899] and MSE 0.5299, to 4 decimals (the example is decoded in
    test_exam_example_step's docstring)."""
    h = sequence(student, {"x": EXAM_X, "h0": np.zeros((1, 1)), **EXAM_WEIGHTS})
    for t in range(2):
        assert_4_decimals(float(h[0, t, 0]), EXAM_H[t], f"h{t + 1} = h[0, {t}, 0]")
    assert_4_decimals(exam_mse(h[0, 0, 0], h[0, 1, 0]), EXAM_MSE,
                      "the MSE 1/2 [(0.5 - h1)^2 + (0.8 - h2)^2]")


# --- lstm_step_backward -------------------------------------------------------------------


@graded(points=3, function="lstm_step_backward")
@through
@given(inputs=step_inputs(), seed=SEEDS)
def test_step_backward_gradcheck(student, inputs, seed):
    """lstm_step_backward(dnext_h, dnext_c, cache) returns the gradients of
    L = sum(next_h * dnext_h) + sum(next_c * dnext_c) in x, prev_h, prev_c, Wx, Wh and b
    (central differences of the closed-form cell)."""
    N, H = inputs["prev_h"].shape

    def lstm_step_backward(dout, cache):
        return student.lstm_step_backward(dout[:, :H], dout[:, H:], cache)

    check_backward(step_as_pair(student), lstm_step_backward, inputs,
                   ("x", "prev_h", "prev_c", "Wx", "Wh", "b"), fill((N, 2 * H), seed),
                   truth=lambda **kwargs: np.concatenate(lstm_cell(**kwargs), axis=1))


# --- lstm_forward -------------------------------------------------------------------------


@graded(points=1, function="lstm_forward", requires="test_forward_values")
@given(inputs=sequence_inputs())
def test_forward_shapes_and_bounds(student, inputs):
    """lstm_forward returns h of shape (N, T, H) (batch first, as x) with |h| < 1."""
    h = sequence(student, inputs)
    assert np.all(np.abs(h) < 1), f"every |h_t| must be < 1, got max {np.max(np.abs(h)):.6g}"


@graded(points=3, function="lstm_forward")
@given(inputs=sequence_inputs())
def test_forward_values(student, inputs):
    """h[:, t] is the hidden state after t + 1 LSTM steps from h0 and c0 = 0, with the same
    weights at every step."""
    h = sequence(student, inputs)
    assert_close(h, lstm_unroll(**inputs), "h", rtol=1e-9, atol=1e-12)


@graded(points=1, function="lstm_forward", requires="test_forward_values")
@given(inputs=sequence_inputs())
def test_forward_starts_from_zero_cell(student, inputs):
    """The initial cell state is c0 = 0 (not h0): with the input gate closed (bias -30) and
    the forget gate open (+30) the cell stays within 1e-11 of 0, so every h_t is ~0
    whatever h0 is (|h_t| <= 1e-9 allowed)."""
    H = inputs["h0"].shape[1]
    b = inputs["b"].copy()
    b[:H], b[H:2 * H] = -30.0, 30.0
    Wx, Wh = 0.25 * inputs["Wx"], 0.25 * inputs["Wh"]  # |x Wx + h Wh| <= 0.25 (4.5 + 3) < 2
    h = sequence(student, {**inputs, "b": b, "Wx": Wx, "Wh": Wh})
    assert np.all(np.abs(h) <= 1e-9), (
        f"with the input gate closed the cell state should stay at c0 = 0 and h at 0, got "
        f"max |h| = {np.max(np.abs(h)):.3g} (is c0 = 0?)")


# --- lstm_backward ------------------------------------------------------------------------


@graded(points=3, function="lstm_backward")
@through
@given(inputs=sequence_inputs(), seed=SEEDS)
def test_backward_gradcheck(student, inputs, seed):
    """lstm_backward(dh, cache) returns the gradients of L = sum(h * dh) in x, h0, Wx, Wh
    and b, through all T steps (backpropagation through time; central differences of the
    closed-form unrolled LSTM)."""
    (N, T, _), H = inputs["x"].shape, inputs["h0"].shape[1]
    check_backward(student.lstm_forward, student.lstm_backward, inputs,
                   ("x", "h0", "Wx", "Wh", "b"), fill((N, T, H), seed), truth=lstm_unroll)


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires
UNCHANGED = {
    "lstm_step_forward": ("test_step_forward_values", step_inputs()),
    "lstm_step_backward": ("test_step_backward_gradcheck", step_inputs()),
    "lstm_forward": ("test_forward_values", sequence_inputs()),
    "lstm_backward": ("test_backward_gradcheck", sequence_inputs()),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays): a backward pass
    changes neither the upstream gradients nor the cache of the forward pass."""
    kwargs = data.draw(UNCHANGED[function][1], label="inputs")
    if function != "lstm_step_backward":
        assert_leaves_inputs(student, function, kwargs, seed,
                             "lstm_forward" if function == "lstm_backward" else None)
    else:
        out, cache = working_forward(step_as_pair(student), kwargs)
        douts = np.split(fill(np.shape(out), seed), 2, axis=1)  # dnext_h, dnext_c
        assert_inputs_unchanged(student.lstm_step_backward, *douts, cache)
