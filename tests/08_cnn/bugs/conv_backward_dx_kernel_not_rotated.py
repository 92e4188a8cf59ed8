"""conv_backward computes dx as the full cross-correlation of the dilated dout with w
itself instead of w rotated by 180 degrees: dx is right only for symmetric filters."""
import numpy as np

CAUGHT_BY = ["test_conv_backward_gradcheck[dx]", "test_conv_backward_gradcheck_true_conv[dx]",
             "test_backward_matches_reference[conv_backward]"]
MISTAKE = "formula"

_correct_conv_backward = conv_backward  # noqa: F821 (the reference, defined above)


def conv_backward(dout, cache):
    _, dw, db = _correct_conv_backward(dout, cache)
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    N, _, H, W = x.shape
    F, _, HH, WW = w.shape
    H_out, W_out = dout.shape[2:]
    dilated = np.zeros((N, F, (H_out - 1) * stride + 2 * HH - 1,
                        (W_out - 1) * stride + 2 * WW - 1))
    dilated[:, :, HH - 1:HH - 1 + (H_out - 1) * stride + 1:stride,
            WW - 1:WW - 1 + (W_out - 1) * stride + 1:stride] = dout
    back = np.lib.stride_tricks.sliding_window_view(dilated, (HH, WW), axis=(2, 3))
    dxpad = np.tensordot(back, w, axes=([1, 4, 5], [0, 2, 3]))  # forgot w[:, :, ::-1, ::-1]
    dx = dxpad.transpose(0, 3, 1, 2)[:, :, pad:pad + H, pad:pad + W].copy()
    return dx, dw, db
