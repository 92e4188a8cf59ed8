"""Convolutional layers: sizes, convolution and max pooling, forward and backward.

This module implements the arithmetic of a convolutional layer (output size, parameter
count, "same" padding; seed 002 §9) and the CS231n layers ``conv_forward`` /
``conv_backward`` and ``max_pool_forward`` / ``max_pool_backward``.

Conventions (CS231n style):

- Images are ``x`` of shape (N, C, H, W): N examples, C channels, height H, width W.
  Filters are ``w`` of shape (F, C, HH, WW) and biases ``b`` of shape (F,).
- "Convolution" means **cross-correlation**, as in CS231n and every deep-learning library:
  the filter is slid over the input without being flipped,
      out[n, f, i, j] = b[f] + sum_{c, a, e} w[f, c, a, e] * xpad[n, c, i*S + a, j*S + e],
  where xpad is x zero-padded by P pixels on each side of both spatial axes and S is the
  stride. (A true mathematical convolution would use w[f, c, HH-1-a, WW-1-e].)
- The output size of a window of extent F slid with stride S over n + 2P pixels is
  (n + 2P - F) / S + 1 (seed 002 §9). It must be a positive integer: sizes that do not fit
  the stride raise ``ValueError`` (CS231n's naive code asserts this; silently dropping the
  last pixels hides mistakes in a network's design).
- ``*_forward(...)`` returns ``(out, cache)``; ``*_backward(dout, cache)`` returns the
  gradients with respect to the forward inputs in argument order.
- float64 in, float64 out. No function modifies its inputs in place.
- The layers are vectorised with ``np.lib.stride_tricks.sliding_window_view`` (a view of
  every window, no copy) and ``np.tensordot``: no Python loop over output pixels or kernel
  offsets. ``tests/benchmarks/conv_speed.py`` measures the speed-up over naive loops.
"""

import numpy as np


def conv_output_size(n, f, p, s):
    """Computes the spatial output size of a convolution or pooling window.

    out = (n + 2p - f) / s + 1        (seed 002 §9: "((N + 2*P - F) / S) + 1")

    The window fits only if n + 2p - f is a non-negative multiple of s; otherwise the last
    window would hang over the (padded) edge and a ValueError is raised. Example: n = 7,
    f = 3, p = 0 gives 5 at stride 1 and 3 at stride 2, but stride 3 does not fit
    ((7 - 3) / 3 + 1 = 2.33).

    Inputs:
    - n: Input size (height or width), an int >= 1.
    - f: Spatial extent of the filter (window), an int >= 1.
    - p: Zero padding added on each side, an int >= 0.
    - s: Stride, an int >= 1.

    Returns:
    - out: The output size, a Python int >= 1.

    Raises ValueError if an argument is out of range, if f > n + 2p (no window fits), or if
    (n + 2p - f) is not divisible by s.

    Rules:
    - out-of-range: ValueError if n < 1, f < 1, p < 0 or s < 1.
    - int: the result is an int (not a float such as 3.0).
    - misfit: ValueError if f > n + 2p (no window fits) or s does not divide n + 2p - f.
    """
    ### BEGIN SOLUTION
    if n < 1 or f < 1 or p < 0 or s < 1:
        raise ValueError(f"need n >= 1, f >= 1, p >= 0, s >= 1; got n={n}, f={f}, p={p}, s={s}")
    span = n + 2 * p - f
    if span < 0:
        raise ValueError(f"a window of size {f} does not fit into {n} pixels padded by {p}")
    if span % s != 0:
        raise ValueError(f"(n + 2p - f) / s = ({n} + 2*{p} - {f}) / {s} = {span / s:.4g} is "
                         f"not an integer: the windows do not fit the stride")
    return int(span // s + 1)
    ### END SOLUTION


def conv_param_count(c_in, f, k):
    """Counts the learnable parameters of a convolutional layer.

    Each of the k filters has f * f * c_in weights (it spans all input channels) and one
    bias (seed 002 §9), so
        count = k * (f * f * c_in + 1).
    Example: AlexNet's first layer, 96 filters of 11 x 11 over 3 channels, has 34,944.

    Inputs:
    - c_in: Number of input channels, an int >= 1.
    - f: Spatial extent of each (square) filter, an int >= 1.
    - k: Number of filters, an int >= 1.

    Returns:
    - count: The number of parameters, a Python int.

    Rules:
    - int: the result is an int.
    """
    ### BEGIN SOLUTION
    return int(k * (f * f * c_in + 1))
    ### END SOLUTION


def same_padding(f):
    """Computes the zero padding that keeps the spatial size unchanged at stride 1.

    With stride 1 the output size is n + 2p - f + 1, which equals n when
        p = (f - 1) / 2        (seed 002 §9, "same" padding; "valid" padding is p = 0).
    This is an integer only for odd f. For even f no symmetric padding keeps the size
    (p = 0.5 would be needed; libraries then pad one side more than the other), so a
    ValueError is raised.

    Inputs:
    - f: Spatial extent of the filter, an int >= 1.

    Returns:
    - p: The padding on each side, a Python int.

    Raises ValueError if f is even or f < 1.

    Rules:
    - int: the result is an int.
    - even: ValueError for an even f.
    """
    ### BEGIN SOLUTION
    if f < 1 or f % 2 == 0:
        raise ValueError(f"same padding needs an odd filter size, got f={f}: "
                         f"(f - 1) / 2 = {(f - 1) / 2} is not an integer")
    return int((f - 1) // 2)
    ### END SOLUTION


def _check_fit(layer, x_shape, window, pad, stride):
    """Raises ValueError, naming the layer and the axis, unless windows of size
    window = (height, width), slid with this stride over the spatial axes of x_shape
    (N, C, H, W) padded by pad, fit exactly: (H + 2 pad - height) / stride + 1 must be a
    positive integer, and likewise for the width.

    A given helper (not part of the exercise) for conv_forward and max_pool_forward.
    """
    for axis, size, extent in zip(("height", "width"), x_shape[2:], window):
        span = size + 2 * pad - extent
        if stride < 1 or span < 0 or span % stride != 0:
            raise ValueError(
                f"{layer}: the {axis} does not fit: ({axis} + 2*pad - window) / stride + 1 = "
                f"({size} + 2*{pad} - {extent}) / {stride} + 1 = {span / max(stride, 1) + 1:.4g} "
                f"is not a positive integer")


def conv_forward(x, w, b, conv_param):
    """Computes the forward pass of a convolutional layer (cross-correlation).

    out[n, f, i, j] = b[f] + sum_{c, a, e} w[f, c, a, e] * xpad[n, c, i*S + a, j*S + e]

    where xpad is x padded with P zeros on each side of the height and width axes. The
    filter is NOT flipped (cross-correlation, as CS231n and deep-learning libraries define
    "convolution"; seed 002 §9).

    Inputs:
    - x: Input data of shape (N, C, H, W).
    - w: Filter weights of shape (F, C, HH, WW).
    - b: Biases of shape (F,).
    - conv_param: A dictionary with the keys:
      - 'stride': The number of pixels S between adjacent receptive fields in the
        horizontal and vertical directions.
      - 'pad': The number of pixels P of zero padding on each side of both spatial axes.

    Returns a tuple of:
    - out: Output data of shape (N, F, H', W') where
        H' = (H + 2P - HH) / S + 1,   W' = (W + 2P - WW) / S + 1.
    - cache: (x, w, b, conv_param), for conv_backward.

    Raises ValueError (naming the sizes) if H' or W' is not a positive integer.

    Rules:
    - misfit: ValueError when H' or W' is not a positive integer.
    - inputs-unchanged: x, w, b and conv_param are left unchanged.
    """
    ### BEGIN SOLUTION
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    _check_fit("conv_forward", x.shape, (HH, WW), pad, stride)
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    # windows[n, c, i, j, a, e] = xpad[n, c, i*S + a, j*S + e], a view (no copy)
    windows = np.lib.stride_tricks.sliding_window_view(xpad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3]))  # (N, H', W', F)
    out = np.ascontiguousarray(out.transpose(0, 3, 1, 2)) + b[None, :, None, None]
    cache = (x, w, b, conv_param)
    return out, cache
    ### END SOLUTION


def conv_backward(dout, cache):
    """Computes the backward pass of a convolutional layer.

    With windows[n, c, i, j, a, e] = xpad[n, c, i*S + a, j*S + e]:
        db[f]          = sum_{n, i, j} dout[n, f, i, j]          (every output position)
        dw[f, c, a, e] = sum_{n, i, j} dout[n, f, i, j] * windows[n, c, i, j, a, e]
        dxpad[n, c, y, z] = sum over the (f, i, j, a, e) with i*S + a = y, j*S + e = z of
                            dout[n, f, i, j] * w[f, c, a, e]
    and dx is dxpad without its padding. dxpad is computed as a full cross-correlation of
    the stride-dilated dout (S - 1 zeros between its entries, HH - 1 / WW - 1 zeros around
    it) with the filters rotated by 180 degrees: the transpose of the forward map.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W').
    - cache: (x, w, b, conv_param) as returned by conv_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W).
    - dw: Gradient with respect to w, of shape (F, C, HH, WW).
    - db: Gradient with respect to b, of shape (F,).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(xpad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]  # (N, C, H', W', HH, WW)

    db = dout.sum(axis=(0, 2, 3))
    dw = np.tensordot(dout, windows, axes=([0, 2, 3], [0, 2, 3]))  # (F, C, HH, WW)

    # dout dilated by the stride and padded by the kernel size minus one
    dilated = np.zeros((N, F, (H_out - 1) * stride + 2 * HH - 1, (W_out - 1) * stride + 2 * WW - 1))
    dilated[:, :, HH - 1:HH - 1 + (H_out - 1) * stride + 1:stride,
            WW - 1:WW - 1 + (W_out - 1) * stride + 1:stride] = dout
    back = np.lib.stride_tricks.sliding_window_view(dilated, (HH, WW), axis=(2, 3))
    # back[n, f, y, z, a, e] pairs with w[f, c, HH-1-a, WW-1-e]: shape (N, Hp, Wp, C)
    dxpad = np.tensordot(back, w[:, :, ::-1, ::-1], axes=([1, 4, 5], [0, 2, 3]))
    dx = np.ascontiguousarray(dxpad.transpose(0, 3, 1, 2)[:, :, pad:pad + H, pad:pad + W])
    return dx, dw, db
    ### END SOLUTION


def max_pool_forward(x, pool_param):
    """Computes the forward pass of a max-pooling layer.

    out[n, c, i, j] = max_{0 <= a < PH, 0 <= e < PW} x[n, c, i*S + a, j*S + e]

    Each channel is pooled on its own; there is no padding (seed 002 §9: padding "makes no
    sense" for pooling). Windows may overlap (S < PH) or leave gaps (S > PH).

    Inputs:
    - x: Input data of shape (N, C, H, W).
    - pool_param: A dictionary with the keys:
      - 'pool_height': The height PH of each pooling region.
      - 'pool_width': The width PW of each pooling region.
      - 'stride': The distance S between adjacent pooling regions.

    Returns a tuple of:
    - out: Output data of shape (N, C, H', W') where
        H' = (H - PH) / S + 1,   W' = (W - PW) / S + 1.
    - cache: (x, pool_param), for max_pool_backward.

    Raises ValueError if H' or W' is not a positive integer.

    Rules:
    - misfit: ValueError when H' or W' is not a positive integer.
    - inputs-unchanged: x and pool_param are left unchanged.
    """
    ### BEGIN SOLUTION
    PH, PW, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _check_fit("max_pool_forward", x.shape, (PH, PW), 0, stride)
    windows = np.lib.stride_tricks.sliding_window_view(x, (PH, PW), axis=(2, 3))
    out = windows[:, :, ::stride, ::stride].max(axis=(4, 5))
    cache = (x, pool_param)
    return out, cache
    ### END SOLUTION


def max_pool_backward(dout, cache):
    """Computes the backward pass of a max-pooling layer.

    The max is a selection: its gradient sends dout[n, c, i, j] only to the arg-max of
    window (i, j), dx[n, c, i*S + a*, j*S + e*] += dout[n, c, i, j], and every other input
    gets nothing from that window. When windows overlap (S < PH or S < PW), an input that
    is the maximum of several windows receives the SUM of their upstream gradients. On a
    tie the first maximum in row-major order of the window gets the gradient (as np.argmax).

    Inputs:
    - dout: Upstream derivatives, of shape (N, C, H', W').
    - cache: (x, pool_param) as returned by max_pool_forward.

    Returns:
    - dx: Gradient with respect to x, of shape (N, C, H, W).

    Rules:
    - ties: on a tie, the first maximum of the window in row-major order takes the gradient.
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, pool_param = cache
    PH, PW, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C = x.shape[:2]
    _, _, H_out, W_out = dout.shape
    windows = np.lib.stride_tricks.sliding_window_view(x, (PH, PW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride].reshape(N, C, H_out, W_out, PH * PW)
    a, e = np.divmod(windows.argmax(axis=-1), PW)  # offsets of the max inside each window
    rows = a + stride * np.arange(H_out)[:, None]  # (N, C, H', W') input row of each max
    cols = e + stride * np.arange(W_out)[None, :]
    n, c = np.indices((N, C, 1, 1))[:2]
    dx = np.zeros_like(x)
    np.add.at(dx, (n, c, rows, cols), dout)  # add.at: overlapping windows accumulate
    return dx
    ### END SOLUTION
