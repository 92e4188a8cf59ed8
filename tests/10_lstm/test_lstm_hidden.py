"""Hidden graded tests for 10_lstm: agreement with the reference solution on generated inputs,
with every input (and, for backward passes, the upstream gradients and the cache) left
unchanged."""

from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    expect_array,
    expect_tuple,
    fill,
    graded,
    through,
    working_forward,
)

STEP_ARGUMENTS = ("x", "prev_h", "prev_c", "Wx", "Wh", "b")
STEP_GRADIENTS = ("dx", "dprev_h", "dprev_c", "dWx", "dWh", "db")
SEQUENCE_GRADIENTS = ("dx", "dh0", "dWx", "dWh", "db")


@st.composite
def step_inputs(draw):
    """lstm_step_forward's arguments, N, D, H in 1..5, pre-activations up to about +-15."""
    N, D, H = draw(st.integers(1, 5)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    seed = draw(SEEDS)
    return {
        "x": fill((N, D), seed, -2.0, 2.0),
        "prev_h": fill((N, H), seed + 1, -0.99, 0.99),
        "prev_c": fill((N, H), seed + 2, -4.0, 4.0),
        "Wx": fill((D, 4 * H), seed + 3, -1.0, 1.0),
        "Wh": fill((H, 4 * H), seed + 4, -1.0, 1.0),
        "b": fill((4 * H,), seed + 5, -2.0, 2.0),
    }


@st.composite
def sequence_inputs(draw):
    """lstm_forward's arguments, N, D, H in 1..4 and T in 1..8."""
    N, T, D, H = (draw(st.integers(1, 4)), draw(st.integers(1, 8)), draw(st.integers(1, 4)),
                  draw(st.integers(1, 4)))
    seed = draw(SEEDS)
    return {
        "x": fill((N, T, D), seed, -2.0, 2.0),
        "h0": fill((N, H), seed + 1, -0.99, 0.99),
        "Wx": fill((D, 4 * H), seed + 2, -1.0, 1.0),
        "Wh": fill((H, 4 * H), seed + 3, -1.0, 1.0),
        "b": fill((4 * H,), seed + 4, -2.0, 2.0),
    }


def compare(got, expected, names, what):
    """Check a tuple of arrays against the reference's, entry by entry."""
    got = expect_tuple(got, len(expected), what)
    for name, g, e in zip(names, got, expected):
        assert_close(expect_array(g, name, like=e), e, name, rtol=1e-9, atol=1e-12)


@graded(points=2, function="lstm_step_forward", visibility="hidden")
@given(inputs=step_inputs())
def test_step_forward_matches_reference(student, reference, inputs):
    """lstm_step_forward's next_h and next_c agree with the reference solution, and its
    inputs are left unchanged."""
    args = [inputs[k] for k in STEP_ARGUMENTS]
    result = assert_inputs_unchanged(student.lstm_step_forward, *args)
    expected_h, expected_c, _ = reference.lstm_step_forward(*args)
    compare(expect_tuple(result.value, 3, "lstm_step_forward()")[:2], (expected_h, expected_c),
            ("next_h", "next_c"), "lstm_step_forward()")


@graded(points=2, function="lstm_step_backward", visibility="hidden")
@given(inputs=step_inputs(), seed=SEEDS)
def test_step_backward_matches_reference(student, reference, inputs, seed):
    """lstm_step_backward's six gradients agree with the reference solution, and dnext_h,
    dnext_c and the cache are left unchanged."""
    args = [inputs[k] for k in STEP_ARGUMENTS]
    N, H = inputs["prev_h"].shape
    dnext_h, dnext_c = fill((N, H), seed), fill((N, H), seed + 1)
    _, _, reference_cache = reference.lstm_step_forward(*args)
    _, _, cache = expect_tuple(student.lstm_step_forward(*args), 3, "lstm_step_forward()")
    result = assert_inputs_unchanged(student.lstm_step_backward, dnext_h, dnext_c, cache)
    compare(result.value, reference.lstm_step_backward(dnext_h, dnext_c, reference_cache),
            STEP_GRADIENTS, "lstm_step_backward()")


@graded(points=2, function="lstm_forward", visibility="hidden")
@given(inputs=sequence_inputs())
def test_forward_matches_reference(student, reference, inputs):
    """lstm_forward's hidden states agree with the reference solution, and its inputs are
    left unchanged."""
    result = assert_inputs_unchanged(student.lstm_forward, **inputs)
    expected, _ = reference.lstm_forward(**inputs)
    h, _ = expect_tuple(result.value, 2, "lstm_forward()")
    assert_close(expect_array(h, "h", like=expected), expected, "h", rtol=1e-9, atol=1e-12)


@graded(points=2, function="lstm_backward", visibility="hidden")
@through
@given(inputs=sequence_inputs(), seed=SEEDS)
def test_backward_matches_reference(student, reference, inputs, seed):
    """lstm_backward's five gradients agree with the reference solution, and dh and the
    cache are left unchanged."""
    expected_h, reference_cache = reference.lstm_forward(**inputs)
    dh = fill(expected_h.shape, seed)
    _, cache = working_forward(student.lstm_forward, inputs, expected_h.shape)
    result = assert_inputs_unchanged(student.lstm_backward, dh, cache)
    compare(result.value, reference.lstm_backward(dh, reference_cache), SEQUENCE_GRADIENTS,
            "lstm_backward()")
