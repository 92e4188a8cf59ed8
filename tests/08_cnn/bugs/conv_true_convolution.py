"""conv_forward computes a true (flipped-kernel) convolution instead of CS231n's
cross-correlation, and conv_backward consistently differentiates that: the backward matches
the student's own forward, but both disagree with the layer's definition."""
CAUGHT_BY = ["test_conv_forward_one_hot_filter", "test_conv_forward_matches_scipy",
             "test_forward_matches_reference[conv_forward]",
             "test_conv_backward_gradcheck_true_conv[dx]",
             "test_conv_backward_gradcheck_true_conv[dw]",
             "test_backward_matches_reference[conv_backward]"]
MISTAKE = "convention"

_correct_conv_forward = conv_forward  # noqa: F821 (the reference, defined above)
_correct_conv_backward = conv_backward  # noqa: F821


def conv_forward(x, w, b, conv_param):
    out, _ = _correct_conv_forward(x, w[:, :, ::-1, ::-1], b, conv_param)
    return out, (x, w, b, conv_param)


def conv_backward(dout, cache):
    x, w, b, conv_param = cache
    dx, dw, db = _correct_conv_backward(dout, (x, w[:, :, ::-1, ::-1], b, conv_param))
    return dx, dw[:, :, ::-1, ::-1].copy(), db
