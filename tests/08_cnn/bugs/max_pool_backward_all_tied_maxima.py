"""max_pool_backward sends the gradient to every entry equal to the window's maximum (the
CS231n mask x == max), so a tie counts the gradient twice, instead of to the first maximum as
documented."""
import numpy as np

CAUGHT_BY = ["test_max_pool_backward_ties_go_to_first_max"]
MISTAKE = "formula"


def max_pool_backward(dout, cache):
    x, pool_param = cache
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    N, C, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    for i in range(H_out):
        for j in range(W_out):
            window = x[:, :, i * s:i * s + ph, j * s:j * s + pw]
            mask = window == window.max(axis=(2, 3), keepdims=True)
            dx[:, :, i * s:i * s + ph, j * s:j * s + pw] += mask * dout[:, :, i, j][:, :, None, None]
    return dx
