"""dropout_backward passes the gradient through the kept units without the factor 1 / p that
the forward pass applied."""

CAUGHT_BY = [
    "test_dropout_backward_consistent_with_forward",
    "test_dropout_backward_uses_forward_mask",
]
MISTAKE = "factor"


def dropout_backward(dout, cache):
    mode, mask = cache
    if mode == "train":
        return dout * (mask != 0)
    return dout.copy()
