"""Public graded tests for 08_cnn: released to students with the assignment.

Shapes follow CS231n: x (N, C, H, W), w (F, C, HH, WW), b (F,), out (N, F, H', W') with
H' = (H + 2P - HH) / S + 1. The forward tests pin the convolution down without a reference
implementation: a one-hot filter must pick one shifted, zero-padded, strided pixel
(cross-correlation, not a flipped convolution), the layer must be linear in x and in (w, b),
commute with translations at stride 1, and act as a per-pixel matrix product when 1 x 1.
"""

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_leaves_inputs,
    check_gradient,
    expect_array,
    expect_tuple,
    fill,
    graded,
    projected,
    through,
    unchanged_params,
    values_in_order,
    working_forward,
)

# --- inputs -------------------------------------------------------------------------------


def conv_problem(n, c, f, hh, ww, stride, pad, h_out, w_out, seed):
    """Keyword arguments of conv_forward whose sizes fit: H = (h_out - 1) S + HH - 2P."""
    h, w = (h_out - 1) * stride + hh - 2 * pad, (w_out - 1) * stride + ww - 2 * pad
    return {"x": fill((n, c, h, w), seed), "w": fill((f, c, hh, ww), seed + 1),
            "b": fill((f,), seed + 2), "conv_param": {"stride": stride, "pad": pad}}


@st.composite
def conv_problems(draw, min_n=1, max_n=2, min_f=1, max_f=3, max_kernel=3, max_stride=3,
                  max_pad=2, min_out=1, max_out=4):
    """conv_forward's keyword arguments: N <= 2, C <= 3, F <= 3, kernels up to 3 x 3 (not
    always square), strides 1..3, pads 0..2, outputs up to 4 x 4, values distinct in [-5, 5)."""
    hh, ww = draw(st.integers(1, max_kernel)), draw(st.integers(1, max_kernel))
    stride = draw(st.integers(1, max_stride))
    h_out, w_out = draw(st.integers(min_out, max_out)), draw(st.integers(min_out, max_out))
    # the unpadded input keeps at least one pixel: H = (h_out - 1) S + HH - 2P >= 1
    room = min((h_out - 1) * stride + hh, (w_out - 1) * stride + ww) - 1
    pad = draw(st.integers(0, min(max_pad, room // 2)))
    return conv_problem(draw(st.integers(min_n, max_n)), draw(st.integers(1, 3)),
                        draw(st.integers(min_f, max_f)), hh, ww, stride, pad, h_out, w_out,
                        draw(SEEDS))


def out_shape(problem):
    """(N, F, H', W') from the formula H' = (H + 2P - HH) / S + 1."""
    (n, _, h, w), (f, _, hh, ww) = problem["x"].shape, problem["w"].shape
    stride, pad = problem["conv_param"]["stride"], problem["conv_param"]["pad"]
    return n, f, (h + 2 * pad - hh) // stride + 1, (w + 2 * pad - ww) // stride + 1


def pool_out_shape(problem):
    """(N, C, H', W') from the formula H' = (H - PH) / S + 1."""
    (n, c, h, w), param = problem["x"].shape, problem["pool_param"]
    return (n, c, (h - param["pool_height"]) // param["stride"] + 1,
            (w - param["pool_width"]) // param["stride"] + 1)


def pool_problem(n, c, ph, pw, stride, h_out, w_out, seed):
    """Keyword arguments of max_pool_forward whose sizes fit: H = (h_out - 1) S + PH."""
    x = fill((n, c, (h_out - 1) * stride + ph, (w_out - 1) * stride + pw), seed)
    return {"x": x, "pool_param": {"pool_height": ph, "pool_width": pw, "stride": stride}}


@st.composite
def pool_problems(draw, overlap=True):
    """max_pool_forward's keyword arguments: windows up to 3 x 3, strides 1..3 (windows that
    overlap, touch or leave gaps), outputs up to 4 x 4; all values distinct (no ties).
    With ``overlap=False`` the stride equals the window (the usual 2 x 2, stride 2)."""
    ph = draw(st.integers(1, 3))
    if overlap:
        pw, stride = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    else:
        pw = stride = ph
    return pool_problem(draw(st.integers(1, 2)), draw(st.integers(1, 3)), ph, pw, stride,
                        draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(SEEDS))


def forward(fn, problem, shape):
    """Call a forward function; check it returns (out, cache) with out float64 of ``shape``."""
    return forward_output(fn(**problem), fn.__name__, shape)


def forward_output(result, function, shape):
    """``out`` of what the forward ``function`` returned, checked to be an (out, cache) pair
    with out a finite float64 array of ``shape``."""
    result = expect_tuple(result, 2, f"{function}()")
    return expect_array(result[0], f"{function}() output", shape=shape)


def scale(*arrays):
    """Round-off allowance for sums of products of these values (|error| ~ 1e-16 of it)."""
    return 1e-10 * max(1.0, *(float(np.max(np.abs(a), initial=0.0)) for a in arrays))


def padded(x, pad):
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))


def true_conv(x, w, b, conv_param):
    """Cross-correlation with a loop over output pixels, the definition written out:
    out[n, f, i, j] = b[f] + sum_{c, a, e} w[f, c, a, e] * xpad[n, c, i*S + a, j*S + e]."""
    s, p = conv_param["stride"], conv_param["pad"]
    hh, ww = w.shape[2:]
    xpad = padded(x, p)
    h_out, w_out = (xpad.shape[2] - hh) // s + 1, (xpad.shape[3] - ww) // s + 1
    out = np.empty((x.shape[0], w.shape[0], h_out, w_out))
    for i in range(h_out):
        for j in range(w_out):
            patch = xpad[:, :, i * s:i * s + hh, j * s:j * s + ww]  # (N, C, HH, WW)
            out[:, :, i, j] = np.einsum("ncae,fcae->nf", patch, w) + b
    return out


# --- conv_output_size, conv_param_count, same_padding ------------------------------------


@st.composite
def fitting_sizes(draw):
    """(n, f, p, s, out) with n = (out - 1) s + f - 2p >= 1."""
    f, s, out = draw(st.integers(1, 7)), draw(st.integers(1, 4)), draw(st.integers(1, 20))
    p = draw(st.integers(0, min(3, ((out - 1) * s + f - 1) // 2)))
    return (out - 1) * s + f - 2 * p, f, p, s, out


def expect_int(value, what):
    """``value`` must be a Python or numpy int (not a float such as 3.0, not a bool)."""
    is_int = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    assert is_int, f"{what} should be an int, got {type(value).__name__} {value!r}"
    return int(value)


@graded(points=2, function="conv_output_size", rules="int")
@given(sizes=fitting_sizes())
@example(sizes=(7, 3, 0, 2, 3))  # stride 2: (7 - 3) / 2 + 1 = 3
@example(sizes=(32, 4, 1, 2, 16))  # (32 + 2 - 4) / 2 + 1 = 16
def test_conv_output_size_formula(student, sizes):
    """conv_output_size(n, f, p, s) is the int (n + 2p - f) / s + 1 whenever that is a
    positive integer, at every stride."""
    n, f, p, s, out = sizes
    got = expect_int(student.conv_output_size(n, f, p, s), f"conv_output_size({n}, {f}, {p}, {s})")
    assert got == out, f"conv_output_size(n={n}, f={f}, p={p}, s={s}) = {got}, expected " \
                       f"({n} + 2*{p} - {f}) / {s} + 1 = {out}"


@st.composite
def misfit_sizes(draw):
    """(n, f, p, s) where (n + 2p - f) / s + 1 is not a positive integer: either the stride
    does not divide n + 2p - f, or the window is larger than the padded input."""
    f, p = draw(st.integers(1, 7)), draw(st.integers(0, 3))
    if draw(st.booleans()):
        s = draw(st.integers(2, 4))
        span = draw(st.integers(0, 6)) * s + draw(st.integers(1, s - 1))  # not a multiple of s
        n = span + f - 2 * p
        if n < 1:  # keep n >= 1 by adding whole strides
            n += -(-(1 - n) // s) * s
        return n, f, p, s
    n = draw(st.integers(1, 8))
    return n, n + 2 * p + draw(st.integers(1, 4)), p, draw(st.integers(1, 4))


@graded(points=2, function="conv_output_size", contract="ValueError on sizes that do not fit",
        requires="test_conv_output_size_formula", rules="misfit")
@given(sizes=misfit_sizes())
@example(sizes=(7, 3, 0, 3))
@example(sizes=(3, 5, 0, 2))
def test_conv_output_size_rejects_misfit(student, sizes):
    """conv_output_size raises ValueError when the windows do not fit: (n + 2p - f) not a
    multiple of s, or a window larger than the padded input (no positive output size)."""
    n, f, p, s = sizes
    with pytest.raises(ValueError):
        got = student.conv_output_size(n, f, p, s)
        raise AssertionError(f"conv_output_size(n={n}, f={f}, p={p}, s={s}) returned {got!r}: "
                             f"({n} + 2*{p} - {f}) / {s} + 1 = {(n + 2 * p - f) / s + 1:.4g} "
                             f"is not a positive integer, so it should raise ValueError")


@graded(points=1, function="conv_output_size", contract="ValueError on sizes that do not fit",
        requires="test_conv_output_size_formula", rules="out-of-range")
@given(sizes=fitting_sizes(), which=st.sampled_from("nfps"), below=st.integers(1, 2))
def test_conv_output_size_rejects_out_of_range(student, sizes, which, below):
    """conv_output_size raises ValueError for an argument out of range (n < 1, f < 1, p < 0
    or s < 1), even where the formula would give a number."""
    n, f, p, s, _ = sizes
    lowest = {"n": 1, "f": 1, "p": 0, "s": 1}[which]
    args = {"n": n, "f": f, "p": p + 2, "s": s, which: lowest - below}
    if which == "n":  # the padding alone would hold the window: only n's range says no
        args["f"] = 1
    with pytest.raises(ValueError):
        got = student.conv_output_size(**args)
        raise AssertionError(f"conv_output_size({', '.join(f'{k}={v}' for k, v in args.items())})"
                             f" returned {got!r}: {which} is out of range, so it should raise "
                             f"ValueError")


@graded(points=1, function="conv_param_count", rules="int")
@given(c_in=st.integers(1, 512), f=st.integers(1, 11), k=st.integers(1, 512))
@example(c_in=3, f=11, k=96)  # AlexNet's first layer: 34,944 parameters
def test_conv_param_count(student, c_in, f, k):
    """conv_param_count(c_in, f, k) = k (f * f * c_in + 1): weights and one bias per filter."""
    got = expect_int(student.conv_param_count(c_in, f, k), "conv_param_count()")
    assert got == k * (f * f * c_in + 1), \
        f"conv_param_count(c_in={c_in}, f={f}, k={k}) = {got}, expected " \
        f"{k} * ({f}*{f}*{c_in} + 1) = {k * (f * f * c_in + 1)}"


@graded(points=2, function="same_padding", rules=("int", "even"))
@given(half=st.integers(0, 7))
def test_same_padding(student, half):
    """same_padding(f) = (f - 1) / 2 for odd f (the output keeps the input's size at stride
    1), and raises ValueError for even f, where no symmetric padding keeps the size."""
    f = 2 * half + 1
    p = expect_int(student.same_padding(f), f"same_padding({f})")
    assert p == half, f"same_padding({f}) = {p}, expected (f - 1) / 2 = {half} (output size " \
                      f"n + 2p - f + 1 = n{2 * p - f + 1:+d} instead of n)"
    with pytest.raises(ValueError):
        got = student.same_padding(f + 1)
        raise AssertionError(f"same_padding({f + 1}) returned {got!r}: for an even filter no "
                             f"padding keeps the size ((f - 1) / 2 = {f / 2 - 0.5}), so it "
                             f"should raise ValueError")


# --- conv_forward -------------------------------------------------------------------------


@graded(points=2, function="conv_forward", requires="test_conv_forward_one_hot_filter")
@given(problem=conv_problems())
@example(problem=conv_problem(1, 1, 1, 3, 3, 2, 1, 3, 2, 0))  # stride 2: 5 x 3 -> 3 x 2
@example(problem=conv_problem(2, 3, 2, 3, 3, 2, 0, 2, 2, 1))
def test_conv_forward_shape(student, problem):
    """conv_forward's output has shape (N, F, H', W') with H' = (H + 2P - HH) / S + 1 and
    W' = (W + 2P - WW) / S + 1, at strides 1 to 3 and pads 0 to 2."""
    forward(student.conv_forward, problem, out_shape(problem))


@st.composite
def conv_misfits(draw):
    """conv_forward arguments whose height or width does not fit the stride (S >= 2)."""
    problem = draw(conv_problems(max_stride=3).filter(lambda p: p["conv_param"]["stride"] > 1))
    stride = problem["conv_param"]["stride"]
    extra = draw(st.integers(1, stride - 1))  # 1..S-1 more pixels: (H + 2P - HH) % S != 0
    x = problem["x"]
    widths = (0, extra) if draw(st.booleans()) else (extra, 0)
    x = np.pad(x, ((0, 0), (0, 0), (0, widths[0]), (0, widths[1])), constant_values=1.0)
    return {**problem, "x": x}


@graded(points=1, function="conv_forward", rules="misfit",
        contract="ValueError on sizes that do not fit",
        requires="test_conv_forward_one_hot_filter")
@given(problem=conv_misfits())
def test_conv_forward_rejects_misfit(student, problem):
    """conv_forward raises ValueError when (H + 2P - HH) or (W + 2P - WW) is not a multiple of
    the stride, instead of silently dropping the last rows or columns."""
    (_, _, h, w), (_, _, hh, ww) = problem["x"].shape, problem["w"].shape
    s, p = problem["conv_param"]["stride"], problem["conv_param"]["pad"]
    with pytest.raises(ValueError):
        student.conv_forward(**problem)
        raise AssertionError(f"conv_forward with H={h}, W={w}, HH={hh}, WW={ww}, pad={p}, "
                             f"stride={s} should raise ValueError: (H + 2P - HH) / S + 1 = "
                             f"{(h + 2 * p - hh) / s + 1:.4g} and (W + 2P - WW) / S + 1 = "
                             f"{(w + 2 * p - ww) / s + 1:.4g} are not both integers")


@graded(points=3, function="conv_forward")
@given(problem=conv_problems(), where=SEEDS, weight=st.floats(0.5, 2.0))
def test_conv_forward_one_hot_filter(student, problem, where, weight):
    """With a single nonzero weight w[f0, c0, a, e] = weight, output f0 is
    weight * xpad[n, c0, i*S + a, j*S + e] + b[f0] (cross-correlation: the filter is not
    flipped; zero padding; stride S) and every other filter's output is its bias."""
    f0, c0, a, e = (int(i) for i in np.unravel_index(where % problem["w"].size,
                                                     problem["w"].shape))
    w = np.zeros_like(problem["w"])
    w[f0, c0, a, e] = weight
    problem = {**problem, "w": w}
    shape = out_shape(problem)
    out = forward(student.conv_forward, problem, shape)
    s, pad = problem["conv_param"]["stride"], problem["conv_param"]["pad"]
    b = problem["b"]
    picked = padded(problem["x"], pad)[:, c0, a::s, e::s][:, :shape[2], :shape[3]]
    expected = np.broadcast_to(b[None, :, None, None], shape).copy()
    expected[:, f0] += weight * picked
    assert_close(out, expected, f"conv_forward with only w[{f0}, {c0}, {a}, {e}] = {weight:g} "
                 f"(stride {s}, pad {pad}): out[n, {f0}, i, j] should be "
                 f"{weight:g} * xpad[n, {c0}, i*{s} + {a}, j*{s} + {e}] + b[{f0}]; output",
                 rtol=1e-12, atol=scale(problem["x"], b))


@graded(points=2, function="conv_forward", requires="test_conv_forward_one_hot_filter")
@given(problem=conv_problems(), seed=SEEDS, a=st.floats(-2, 2), c=st.floats(-2, 2))
def test_conv_forward_linear(student, problem, seed, a, c):
    """conv_forward is linear in x (with zero bias) and in the parameters (w, b):
    conv(a x1 + c x2, w, 0) = a conv(x1, w, 0) + c conv(x2, w, 0) and
    conv(x, a w1 + c w2, a b1 + c b2) = a conv(x, w1, b1) + c conv(x, w2, b2)."""
    shape = out_shape(problem)
    x1, w1, b1 = problem["x"], problem["w"], problem["b"]
    x2, w2, b2 = fill(x1.shape, seed), fill(w1.shape, seed + 1), fill(b1.shape, seed + 2)

    zero = np.zeros_like(b1)
    calls = [(a * x1 + c * x2, w1, zero), (x1, w1, zero), (x2, w1, zero),
             (x1, a * w1 + c * w2, a * b1 + c * b2), (x1, w1, b1), (x1, w2, b2)]
    outs = values_in_order(student.conv_forward, [
        ((), {**problem, "x": x, "w": w, "b": b}) for x, w, b in calls])

    def conv():  # the output of the next of calls, checked as it is taken
        return forward_output(next(outs), "conv_forward", shape)

    left, parts = conv(), (a * conv(), c * conv())
    assert_close(left, parts[0] + parts[1], "conv(a x1 + c x2) compared with "
                 "a conv(x1) + c conv(x2) (zero bias)", rtol=1e-9, atol=scale(*parts))
    left = conv()
    parts = (a * conv(), c * conv())
    assert_close(left, parts[0] + parts[1], "conv(x, a w1 + c w2, a b1 + c b2) compared with "
                 "a conv(x, w1, b1) + c conv(x, w2, b2)", rtol=1e-9, atol=scale(*parts))


@st.composite
def translations(draw):
    """(problem at stride 1, t, u): the input is cropped by t rows and u columns, t != u."""
    t, u = draw(st.sampled_from([(0, 1), (1, 0), (1, 2), (2, 1), (0, 2), (2, 0), (1, 3)]))
    hh, ww, pad = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(0, 2))
    # H = H' + HH - 1 with H' >= t + 1: an interior output survives the crop (H - t - HH >= 0)
    h_out, w_out = t + 1 + draw(st.integers(0, 3)), u + 1 + draw(st.integers(0, 3))
    problem = conv_problem(draw(st.integers(1, 2)), draw(st.integers(1, 3)),
                           draw(st.integers(1, 3)), hh, ww, 1, 0, h_out, w_out, draw(SEEDS))
    problem["conv_param"]["pad"] = pad  # the sizes always fit at stride 1
    return problem, t, u


@graded(points=2, function="conv_forward", requires="test_conv_forward_one_hot_filter")
@given(case=translations())
def test_conv_forward_commutes_with_translation(student, case):
    """At stride 1, shifting the image shifts the output: conv(x[:, :, t:, u:]) equals
    conv(x) shifted by (t, u), at every output whose window lies inside the image (away
    from the zero-padded borders)."""
    problem, t, u = case
    x, (hh, ww), pad = problem["x"], problem["w"].shape[2:], problem["conv_param"]["pad"]
    shifted = {**problem, "x": x[:, :, t:, u:].copy()}
    out, out_shifted = [forward_output(value, "conv_forward", out_shape(kwargs))
                        for kwargs, value in zip((problem, shifted), values_in_order(
                            student.conv_forward, [((), problem), ((), shifted)]))]
    rows, cols = x.shape[2] - t - hh + 1, x.shape[3] - u - ww + 1  # interior outputs
    assert_close(out_shifted[:, :, pad:pad + rows, pad:pad + cols],
                 out[:, :, pad + t:pad + t + rows, pad + u:pad + u + cols],
                 f"conv of x cropped by ({t}, {u}) compared with conv(x) shifted by ({t}, {u}) "
                 f"(interior outputs)", rtol=1e-9, atol=scale(out))


@graded(points=2, function="conv_forward")
@given(problem=conv_problems(min_n=2, min_f=2, max_kernel=1, max_stride=1, max_pad=0))
def test_conv_1x1_is_per_pixel_matrix_product(student, problem):
    """A 1 x 1 convolution (stride 1, no padding) multiplies each pixel's channel vector by
    the (F, C) matrix w[:, :, 0, 0] and adds b: out[n, :, i, j] = w[:, :, 0, 0] @ x[n, :, i, j]
    + b (seed 002 §10, "combines feature maps for each pixel individually")."""
    x, w, b = problem["x"], problem["w"][:, :, 0, 0], problem["b"]
    out = forward(student.conv_forward, problem, out_shape(problem))
    expected = np.einsum("fc,nchw->nfhw", w, x) + b[None, :, None, None]
    assert_close(out, expected, "1 x 1 convolution compared with the per-pixel product "
                 "w[:, :, 0, 0] @ x[n, :, i, j] + b", rtol=1e-9, atol=scale(expected))


# --- conv_backward ------------------------------------------------------------------------

# The convolution is linear in each of x, w and b, so central differences are exact at any
# step; a step of 1 (instead of 1e-5) keeps the round-off of the large sum(out * dout),
# about 1e-16 * sum|out * dout| / step, far below a small gradient such as a db whose dout
# nearly cancels over the positions (with step 1e-5 that false failure was seen in stress).
LINEAR_STEP = 1.0

GRADIENTS = [pytest.param(name, marks=graded(2, "conv_backward"), id=f"d{name}")
             for name in ("x", "w", "b")]


@pytest.mark.parametrize("wrt", GRADIENTS)
@through
@given(problem=conv_problems(min_n=2, min_out=2), seed=SEEDS)
def test_conv_backward_gradcheck(student, wrt, problem, seed):
    """conv_backward returns (dx, dw, db), each the gradient of sum(conv(...) * dout) with
    respect to x, w, b (central differences of the true cross-correlation; N >= 2 and at
    least 2 x 2 outputs, so sums over the batch and over positions matter). Its cache comes
    from your conv_forward, on inputs where that gives the right output."""
    shape = out_shape(problem)
    dout = fill(shape, seed)
    _, cache = working_forward(student.conv_forward, problem, shape)
    grads = expect_tuple(student.conv_backward(dout, cache), 3, "conv_backward()")
    f = projected(lambda v: true_conv(**{**problem, wrt: v}), dout)
    check_gradient(f, problem[wrt], grads["xwb".index(wrt)], name=f"d{wrt}", step=LINEAR_STEP)


# --- max pooling --------------------------------------------------------------------------


def pool_windows(x, pool_param):
    """(N, C, H', W', PH * PW): every pooling window of x, flattened."""
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    h_out, w_out = (x.shape[2] - ph) // s + 1, (x.shape[3] - pw) // s + 1
    return np.stack([x[:, :, a:a + s * (h_out - 1) + 1:s, e:e + s * (w_out - 1) + 1:s]
                     for a in range(ph) for e in range(pw)], axis=-1)


def true_max_pool(x, pool_param):
    return pool_windows(x, pool_param).max(axis=-1)


def tie_distance(pool_param):
    """kink_distance for max pooling: half the smallest gap between a window's two largest
    values (a step smaller than that cannot change any arg-max)."""
    def distance(x):
        top = np.sort(pool_windows(x, pool_param), axis=-1)
        return np.inf if top.shape[-1] < 2 else float(np.min(top[..., -1] - top[..., -2]) / 2)
    return distance


@graded(points=3, function="max_pool_forward")
@given(problem=pool_problems())
@example(problem=pool_problem(2, 3, 2, 2, 2, 3, 2, 0))  # the usual 2 x 2, stride 2
def test_max_pool_forward(student, problem):
    """max_pool_forward's output has shape (N, C, (H - PH) / S + 1, (W - PW) / S + 1), and
    each output is the largest input of its window x[n, c, i*S : i*S + PH, j*S : j*S + PW]
    (windows may overlap, touch or leave gaps)."""
    expected = true_max_pool(**problem)
    out = forward(student.max_pool_forward, problem, expected.shape)
    assert_close(out, expected, "max_pool_forward output (the maximum of each window)",
                 rtol=0, atol=0)


@graded(points=1, function="max_pool_forward", rules="misfit",
        contract="ValueError on sizes that do not fit", requires="test_max_pool_forward")
@given(problem=pool_problems(), extra=st.integers(1, 2), on_height=st.booleans())
def test_max_pool_forward_rejects_misfit(student, problem, extra, on_height):
    """max_pool_forward raises ValueError when (H - PH) or (W - PW) is not a multiple of the
    stride (or the window is larger than the input)."""
    x, param = problem["x"], problem["pool_param"]
    s = param["stride"]
    if s == 1:  # every size fits stride 1: make the window too large instead
        param = {**param, "pool_height": x.shape[2] + extra} if on_height else \
                {**param, "pool_width": x.shape[3] + extra}
    else:
        extra = min(extra, s - 1)
        x = np.pad(x, ((0, 0), (0, 0), (0, extra if on_height else 0),
                       (0, 0 if on_height else extra)), constant_values=9.0)
    with pytest.raises(ValueError):
        student.max_pool_forward(x, param)
        raise AssertionError(f"max_pool_forward with H={x.shape[2]}, W={x.shape[3]} and "
                             f"pool_param={param} should raise ValueError: the windows do "
                             f"not fit")


@graded(points=3, function="max_pool_backward")
@through
@given(problem=pool_problems(overlap=False), seed=SEEDS)
@example(problem=pool_problem(1, 2, 2, 2, 2, 2, 3, 0), seed=0)
def test_max_pool_backward_routes_to_argmax(student, problem, seed):
    """For non-overlapping windows (stride = window size), dx has exactly one nonzero entry
    per window, at the window's arg-max, equal to dout there; every other input gets 0."""
    x, param = problem["x"], problem["pool_param"]
    shape = true_max_pool(x, param).shape
    dout = fill(shape, seed, min_magnitude=0.5)
    _, cache = working_forward(student.max_pool_forward, problem, shape)
    dx = expect_array(student.max_pool_backward(dout, cache), "max_pool_backward() dx",
                      like=x)
    windows, grads = pool_windows(x, param), pool_windows(dx, param)
    best = windows.argmax(axis=-1)[..., None]
    at_max = np.take_along_axis(grads, best, axis=-1)[..., 0]
    elsewhere = grads.copy()
    np.put_along_axis(elsewhere, best, 0.0, axis=-1)
    if np.any(elsewhere != 0):
        index = tuple(int(i) for i in np.argwhere(elsewhere != 0)[0])
        raise AssertionError(f"dx is nonzero at a position that is not the maximum of its "
                             f"window (window {index[:4]}, offset {index[4]} in row-major "
                             f"order): the gradient of a max goes only to the arg-max")
    assert_close(at_max, dout, "dx at the arg-max of each window (should equal dout)",
                 rtol=1e-12, atol=0)


@graded(points=2, function="max_pool_backward")
@through
@given(problem=pool_problems(), seed=SEEDS)
def test_max_pool_backward_gradcheck(student, problem, seed):
    """max_pool_backward is the gradient of sum(max_pool(x) * dout) (central differences,
    steps too small to change an arg-max). Where windows overlap, an input that is the
    maximum of several windows receives the sum of their gradients."""
    x, param = problem["x"], problem["pool_param"]
    shape = true_max_pool(x, param).shape
    dout = fill(shape, seed)
    _, cache = working_forward(student.max_pool_forward, problem, shape)
    dx = student.max_pool_backward(dout, cache)
    check_gradient(projected(lambda v: true_max_pool(v, param), dout), x, dx, name="dx",
                   kink_distance=tie_distance(param))


@graded(points=2, function="max_pool_backward", rules="ties")
@through
@given(problem=pool_problems(), seed=SEEDS, levels=st.integers(1, 3))
def test_max_pool_backward_ties_go_to_first_max(student, problem, seed, levels):
    """On a tie, the first maximum of the window in row-major order (as np.argmax finds it)
    takes the whole gradient, and the other tied entries get nothing from that window (x
    here takes only a few distinct values, so windows have ties)."""
    x, param = problem["x"], problem["pool_param"]
    x = np.floor((x + 5.0) / 10.0 * levels)  # values in {0, ..., levels - 1}: ties
    problem = {**problem, "x": x}
    out = true_max_pool(x, param)
    dout = fill(out.shape, seed, min_magnitude=0.5)
    _, cache = working_forward(student.max_pool_forward, problem, out.shape)
    dx = expect_array(student.max_pool_backward(dout, cache), "max_pool_backward() dx", like=x)
    pw, s = param["pool_width"], param["stride"]
    first = pool_windows(x, param).argmax(axis=-1)  # (N, C, H', W') offsets a * PW + e
    expected = np.zeros_like(x)
    for n, c, i, j in np.ndindex(out.shape):
        a, e = divmod(int(first[n, c, i, j]), pw)
        expected[n, c, i * s + a, j * s + e] += dout[n, c, i, j]
    assert_close(dx, expected, "dx with tied maxima (the first maximum of each window in "
                 "row-major order takes its gradient)", rtol=1e-12, atol=1e-12)


# --- inputs left unchanged ----------------------------------------------------------------

# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires
UNCHANGED = {
    "conv_forward": ("test_conv_forward_one_hot_filter", conv_problems()),
    "conv_backward": ("test_conv_backward_gradcheck[dx]", conv_problems()),
    "max_pool_forward": ("test_max_pool_forward", pool_problems()),
    "max_pool_backward": ("test_max_pool_backward_gradcheck", pool_problems()),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays; padding makes a
    padded copy): a backward pass changes neither dout nor the cache of the forward pass."""
    kwargs = data.draw(UNCHANGED[function][1], label="inputs")
    if function.endswith("_backward"):  # the cache of a forward of the right output shape
        shape = (out_shape if function == "conv_backward" else pool_out_shape)(kwargs)
        assert_leaves_inputs(student, function, kwargs, seed,
                             function.replace("_backward", "_forward"), shape)
    else:
        assert_leaves_inputs(student, function, kwargs, seed)
