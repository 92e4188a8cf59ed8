"""conv_forward forgets to zero-pad x: the output is (H - HH) / S + 1 high instead of
(H + 2P - HH) / S + 1, and every window is shifted by P pixels."""
import numpy as np

CAUGHT_BY = ["test_conv_forward_shape", "test_conv_forward_one_hot_filter",
             "test_conv_forward_matches_scipy", "test_forward_matches_reference[conv_forward]"]
MISTAKE = "missing-term"


def conv_forward(x, w, b, conv_param):
    stride = conv_param["stride"]
    HH, WW = w.shape[2:]
    windows = np.lib.stride_tricks.sliding_window_view(x, (HH, WW), axis=(2, 3))
    windows = windows[:, :, ::stride, ::stride]
    out = np.tensordot(windows, w, axes=([1, 4, 5], [1, 2, 3])).transpose(0, 3, 1, 2)
    return out + b[None, :, None, None], (x, w, b, conv_param)
