"""A correct CS231n loop max_pool_backward (the first maximum of a window takes its gradient)
behind a max_pool_forward that fails on inputs whose height and width differ: the backward
must still get full marks, graded on the shapes where this forward works."""
import numpy as np

FULL_MARKS_FOR = ["max_pool_backward"]


def max_pool_forward(x, pool_param):
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H, W = x.shape
    if H != W:
        raise IndexError("only square inputs are supported")
    H_out, W_out = (H - ph) // s + 1, (W - pw) // s + 1
    out = np.zeros((N, C, H_out, W_out))
    for i in range(H_out):
        for j in range(W_out):
            out[:, :, i, j] = x[:, :, i * s:i * s + ph, j * s:j * s + pw].max(axis=(2, 3))
    return out, (x, pool_param)


def max_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for n in range(N):
        for c in range(C):
            for i in range(H_out):
                for j in range(W_out):
                    window = x[n, c, i * s:i * s + ph, j * s:j * s + pw]
                    a, e = np.unravel_index(np.argmax(window), window.shape)
                    dx[n, c, i * s + a, j * s + e] += dout[n, c, i, j]
    return dx
