"""conv_backward's loop over the batch assigns dw = ... instead of accumulating dw += ...:
dw is the gradient of the last example only, missing the sum over the batch."""
import numpy as np

CAUGHT_BY = ["test_conv_backward_gradcheck[dw]", "test_conv_backward_gradcheck_true_conv[dw]",
             "test_backward_matches_reference[conv_backward]"]
MISTAKE = "accumulate"

_correct_conv_backward = conv_backward  # noqa: F821 (the reference, defined above)


def conv_backward(dout, cache):
    dx, _, db = _correct_conv_backward(dout, cache)
    x, w, _, conv_param = cache
    stride, pad = conv_param["stride"], conv_param["pad"]
    HH, WW = w.shape[2:]
    xpad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    for n in range(x.shape[0]):
        windows = np.lib.stride_tricks.sliding_window_view(xpad[n], (HH, WW), axis=(1, 2))
        windows = windows[:, ::stride, ::stride]  # (C, H', W', HH, WW)
        dw = np.tensordot(dout[n], windows, axes=([1, 2], [1, 2]))  # overwritten each time
    return dx, dw, db
