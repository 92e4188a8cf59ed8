"""conv_backward sums db over the batch only and keeps the first output position,
db = dout.sum(axis=0)[:, 0, 0]: the bias is shared by every position of a feature map,
so its gradient must also sum over the H' x W' positions."""

CAUGHT_BY = ["test_conv_backward_gradcheck[db]", "test_conv_backward_gradcheck_true_conv[db]",
             "test_backward_matches_reference[conv_backward]"]
MISTAKE = "axis"

_correct_conv_backward = conv_backward  # noqa: F821 (the reference, defined above)


def conv_backward(dout, cache):
    dx, dw, _ = _correct_conv_backward(dout, cache)
    db = dout.sum(axis=0)[:, 0, 0]
    return dx, dw, db
