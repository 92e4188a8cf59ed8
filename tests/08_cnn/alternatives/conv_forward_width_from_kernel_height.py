"""A correct CS231n loop conv_backward behind a conv_forward that sizes the output width with
the kernel height (wrong whenever HH != WW): conv_backward must still get full marks, graded
on the square kernels where this forward works."""
import numpy as np

FULL_MARKS_FOR = ["conv_backward"]


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out = 1 + (H + 2 * pad - HH) // stride
    W_out = 1 + (W + 2 * pad - HH) // stride  # the bug: HH instead of WW
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    out = np.zeros((N, F, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            patch = xpad[:, :, i * stride:i * stride + HH, j * stride:j * stride + WW]
            for f in range(F):
                out[:, f, i, j] = np.sum(patch * w[f], axis=(1, 2, 3)) + b[f]
    return out, (x, w, b, conv_param)


def conv_backward(dout, cache):
    x, w, b, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    F, _, HH, WW = w.shape
    _, _, H_out, W_out = dout.shape
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    dxpad, dw = np.zeros_like(xpad), np.zeros_like(w)
    db = dout.sum(axis=(0, 2, 3))
    for i in range(H_out):
        for j in range(W_out):
            rows = slice(i * stride, i * stride + HH)
            cols = slice(j * stride, j * stride + WW)
            for f in range(F):
                dw[f] += np.sum(xpad[:, :, rows, cols] * dout[:, f, i, j][:, None, None, None],
                                axis=0)
                dxpad[:, :, rows, cols] += w[f][None] * dout[:, f, i, j][:, None, None, None]
    dx = dxpad[:, :, pad:pad + x.shape[2], pad:pad + x.shape[3]]
    return dx, dw, db
