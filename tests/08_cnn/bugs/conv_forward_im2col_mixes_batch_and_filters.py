"""conv_forward's im2col product W_row @ cols has shape (F, N * H' * W') and is reshaped
straight to (N, F, H', W') without moving the filter axis: right when N = 1 or F = 1,
otherwise filters and examples are scrambled."""
import numpy as np

CAUGHT_BY = ["test_conv_1x1_is_per_pixel_matrix_product",
             "test_forward_matches_reference[conv_forward]"]
MISTAKE = "transpose"


def conv_forward(x, w, b, conv_param):
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, C = x.shape[:2]
    F, _, HH, WW = w.shape
    _check_fit("conv_forward", x.shape, (HH, WW), pad, stride)  # noqa: F821
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    windows = np.lib.stride_tricks.sliding_window_view(xpad, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]  # (N, C, H', W', HH, WW)
    H_out, W_out = windows.shape[2:4]
    cols = windows.transpose(1, 4, 5, 0, 2, 3).reshape(C * HH * WW, N * H_out * W_out)
    out = w.reshape(F, -1) @ cols + b[:, None]  # (F, N * H' * W')
    return out.reshape(N, F, H_out, W_out), (x, w, b, conv_param)
