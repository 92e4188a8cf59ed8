"""Hidden graded tests for 08_cnn: gradients against a trusted loop implementation of the
convolution, agreement with scipy.ndimage.correlate and with the reference solution, and
inputs left unchanged."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import ndimage

from autograder.checks import (
    SEEDS,
    assert_backward_matches,
    assert_close,
    assert_forward_matches,
    check_gradient,
    expect_array,
    expect_tuple,
    fill,
    graded,
    hidden_params,
    projected,
    through,
    working_forward,
)

# --- inputs (as in the public tests: test files cannot import each other) ----------------


@st.composite
def conv_problems(draw, min_n=1, min_out=1):
    """conv_forward's keyword arguments: N <= 2 (>= min_n), C <= 3, F <= 3, kernels up to
    3 x 3, strides 1..3, pads 0..2, outputs from min_out to 4 per axis; sizes always fit."""
    hh, ww, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h_out, w_out = draw(st.integers(min_out, 4)), draw(st.integers(min_out, 4))
    room = min((h_out - 1) * stride + hh, (w_out - 1) * stride + ww) - 1
    pad = draw(st.integers(0, min(2, room // 2)))
    n, c, f, seed = draw(st.integers(min_n, 2)), draw(st.integers(1, 3)), draw(st.integers(1, 3)), \
        draw(SEEDS)
    h, w = (h_out - 1) * stride + hh - 2 * pad, (w_out - 1) * stride + ww - 2 * pad
    return {"x": fill((n, c, h, w), seed), "w": fill((f, c, hh, ww), seed + 1),
            "b": fill((f,), seed + 2), "conv_param": {"stride": stride, "pad": pad}}


def out_shape(problem):
    """(N, F, H', W') from the formula H' = (H + 2P - HH) / S + 1."""
    (n, _, h, w), (f, _, hh, ww) = problem["x"].shape, problem["w"].shape
    stride, pad = problem["conv_param"]["stride"], problem["conv_param"]["pad"]
    return n, f, (h + 2 * pad - hh) // stride + 1, (w + 2 * pad - ww) // stride + 1


@st.composite
def pool_problems(draw):
    """max_pool_forward's keyword arguments: windows up to 3 x 3, strides 1..3, outputs up
    to 4 x 4, all values distinct (no ties)."""
    ph, pw, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    h_out, w_out = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    x = fill((draw(st.integers(1, 2)), draw(st.integers(1, 3)), (h_out - 1) * stride + ph,
              (w_out - 1) * stride + pw), draw(SEEDS))
    return {"x": x, "pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}


def true_conv(x, w, b, conv_param):
    """Cross-correlation with a loop over output pixels, the definition written out:
    out[n, f, i, j] = b[f] + sum_{c, a, e} w[f, c, a, e] * xpad[n, c, i*S + a, j*S + e]."""
    s, p = conv_param["stride"], conv_param["pad"]
    hh, ww = w.shape[2:]
    xpad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    h_out, w_out = (xpad.shape[2] - hh) // s + 1, (xpad.shape[3] - ww) // s + 1
    out = np.empty((x.shape[0], w.shape[0], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = xpad[:, :, i * s:i * s + hh, j * s:j * s + ww]  # (N, C, HH, WW)
            out[:, :, i, j] = np.einsum("ncae,fcae->nf", patch, w) + b
    return out


# The convolution is linear in each of x, w and b, so central differences are exact at any
# step; a step of 1 (instead of 1e-5) keeps the round-off of the large sum(out * dout),
# about 1e-16 * sum|out * dout| / step, far below a small gradient such as a db whose dout
# nearly cancels over the positions (with step 1e-5 that false failure was seen in stress).
LINEAR_STEP = 1.0

GRADIENTS = [pytest.param(name, marks=graded(2, "conv_backward", "hidden"), id=f"d{name}")
             for name in ("x", "w", "b")]


@pytest.mark.parametrize("wrt", GRADIENTS)
@through
@given(problem=conv_problems(min_n=2, min_out=2), seed=SEEDS)
def test_conv_backward_gradcheck_true_conv(student, wrt, problem, seed):
    """conv_backward's (dx, dw, db) are the gradients of the true cross-correlation (a
    trusted loop implementation), so a wrong forward with a matching backward earns
    nothing here."""
    dout = fill(out_shape(problem), seed)
    _, cache = working_forward(student.conv_forward, problem, out_shape(problem))
    grads = expect_tuple(student.conv_backward(dout, cache), 3, "conv_backward()")
    f = projected(lambda v: true_conv(**{**problem, wrt: v}), dout)
    check_gradient(f, problem[wrt], grads["xwb".index(wrt)], name=f"d{wrt}", step=LINEAR_STEP)


@graded(points=2, function="conv_forward", visibility="hidden")
@given(problem=conv_problems())
def test_conv_forward_matches_scipy(student, problem):
    """conv_forward equals sum over channels of the 'valid' part of
    scipy.ndimage.correlate(xpad[n, c], w[f, c]), sampled every S pixels, plus b[f].

    ndimage centres a kernel of size k at offset k // 2 (and pads with zeros), so the window
    at the top-left corner of xpad is its output at (HH // 2, WW // 2)."""
    x, w, b = problem["x"], problem["w"], problem["b"]
    s, p = problem["conv_param"]["stride"], problem["conv_param"]["pad"]
    xpad = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)))
    shape = out_shape(problem)
    HH, WW = w.shape[2:]
    valid = (slice(HH // 2, HH // 2 + xpad.shape[2] - HH + 1, s),
             slice(WW // 2, WW // 2 + xpad.shape[3] - WW + 1, s))
    expected = np.empty(shape)
    for n in range(shape[0]):
        for f in range(shape[1]):
            full = sum(ndimage.correlate(xpad[n, c], w[f, c], mode="constant")
                       for c in range(x.shape[1]))
            expected[n, f] = full[valid] + b[f]
    out, _ = expect_tuple(student.conv_forward(**problem), 2, "conv_forward()")
    assert_close(expect_array(out, "conv_forward() output", shape=shape), expected,
                 "conv_forward compared with scipy.ndimage.correlate", rtol=1e-9, atol=1e-9)


FORWARD_INPUTS = {"conv_forward": conv_problems(), "max_pool_forward": pool_problems()}


@pytest.mark.parametrize("function", hidden_params(FORWARD_INPUTS, 2))
@given(data=st.data())
def test_forward_matches_reference(student, reference, function, data):
    """The forward pass agrees with the reference solution and leaves its inputs unchanged."""
    assert_forward_matches(student, reference, function,
                           data.draw(FORWARD_INPUTS[function], label="inputs"), atol=1e-9)


@pytest.mark.parametrize("function", hidden_params(["conv_backward", "max_pool_backward"], 2))
@through
@given(data=st.data(), seed=SEEDS)
def test_backward_matches_reference(student, reference, function, data, seed):
    """The backward pass agrees with the reference solution and leaves dout and the cache
    unchanged."""
    forward = function.replace("_backward", "_forward")
    assert_backward_matches(student, reference, forward, function,
                            data.draw(FORWARD_INPUTS[forward], label="inputs"), seed,
                            ("dx", "dw", "db"), atol=1e-9)
