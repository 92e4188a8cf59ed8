"""Hidden graded tests for 09_rnn: agreement with the reference solution, inputs (dh, the
caches, the parameters) left unchanged, and saturation without overflow."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_backward_matches,
    assert_close,
    assert_forward_matches,
    assert_no_warnings,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    hidden_params,
    through,
)


@st.composite
def step_kwargs(draw, scale=1.0):
    """rnn_step_forward's inputs; ``scale`` multiplies x (pre-activations of order scale)."""
    n, d, h = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 5))
    seed = draw(SEEDS)
    return {"x": fill((n, d), seed, -scale, scale), "prev_h": fill((n, h), seed + 1, -1, 1),
            "Wx": fill((d, h), seed + 2, -1.5 / np.sqrt(d), 1.5 / np.sqrt(d)),
            "Wh": fill((h, h), seed + 3, -1.5 / np.sqrt(h), 1.5 / np.sqrt(h)),
            "b": fill((h,), seed + 4, -0.5, 0.5)}


@st.composite
def sequence_kwargs(draw, scale=1.0):
    """rnn_forward's inputs, x of shape (N, T, D) with T in 1..6."""
    n, t = draw(st.integers(1, 3)), draw(st.integers(1, 6))
    d, h = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    seed = draw(SEEDS)
    return {"x": fill((n, t, d), seed, -scale, scale), "h0": fill((n, h), seed + 1, -1, 1),
            "Wx": fill((d, h), seed + 2, -1.5 / np.sqrt(d), 1.5 / np.sqrt(d)),
            "Wh": fill((h, h), seed + 3, -1.5 / np.sqrt(h), 1.5 / np.sqrt(h)),
            "b": fill((h,), seed + 4, -0.5, 0.5)}


FORWARD_INPUTS = {"rnn_step_forward": step_kwargs(), "rnn_forward": sequence_kwargs()}
BACKWARD_OF = {"rnn_step_backward": "rnn_step_forward", "rnn_backward": "rnn_forward"}
GRADIENT_NAMES = {"rnn_step_backward": ("dx", "dprev_h", "dWx", "dWh", "db"),
                  "rnn_backward": ("dx", "dh0", "dWx", "dWh", "db")}


@pytest.mark.parametrize("function", hidden_params(FORWARD_INPUTS, 2))
@given(data=st.data())
def test_forward_matches_reference(student, reference, function, data):
    """The forward pass agrees with the reference solution and leaves its inputs unchanged."""
    assert_forward_matches(student, reference, function,
                           data.draw(FORWARD_INPUTS[function], label="inputs"))


@pytest.mark.parametrize("function", hidden_params(BACKWARD_OF, 2))
@through
@given(data=st.data(), seed=SEEDS)
def test_backward_matches_reference(student, reference, function, data, seed):
    """The backward pass agrees with the reference solution and leaves the upstream
    gradient and the cache unchanged (e.g. no dh[:, t - 1] += dprev_h on the caller's dh)."""
    forward = BACKWARD_OF[function]
    assert_backward_matches(student, reference, forward, function,
                            data.draw(FORWARD_INPUTS[forward], label="inputs"), seed,
                            GRADIENT_NAMES[function])


@graded(points=1, function="bptt_gain", visibility="hidden")
@given(magnitude=st.floats(0.05, 3.0), sign=st.sampled_from([-1.0, 1.0]),
       T=st.integers(1, 120))
def test_bptt_gain_matches_reference(student, reference, magnitude, sign, T):
    """bptt_gain agrees with the reference w^(T-1) (rtol 1e-10: room for a loop of up to
    119 multiplications or exp/log, not for a wrong exponent)."""
    w = sign * magnitude
    got = expect_scalar(student.bptt_gain(w, T), f"bptt_gain({w}, {T})")
    assert_close(got, reference.bptt_gain(w, T), f"bptt_gain({w}, {T})", rtol=1e-10, atol=0)


SATURATED = {"rnn_step_forward": step_kwargs(scale=1e4),
             "rnn_forward": sequence_kwargs(scale=1e4)}


@pytest.mark.parametrize("function", hidden_params(SATURATED, 1, "finite at extreme inputs"))
@given(data=st.data())
def test_forward_saturates_without_warnings(student, reference, function, data):
    """With inputs up to 1e4 (pre-activations of thousands, where exp overflows), the hidden
    states saturate at +-1 (tanh) without overflow warnings, nan or inf."""
    kwargs = data.draw(SATURATED[function], label="inputs")
    result = assert_no_warnings(getattr(student, function), **kwargs)
    out, _ = expect_tuple(result.value, 2, f"{function}()")
    expected, _ = getattr(reference, function)(**kwargs)
    assert_close(expect_array(out, f"{function}() output", like=expected), expected,
                 f"{function}() output at large inputs", rtol=1e-9, atol=1e-12)
