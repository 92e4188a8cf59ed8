"""dropout_backward multiplies dout by the mask in place and returns it, corrupting the
caller's upstream gradient."""

CAUGHT_BY = [
    "test_dropout_backward_consistent_with_forward",
]
MISTAKE = "in-place"


def dropout_backward(dout, cache):
    mode, mask = cache
    if mode == "train":
        dout *= mask
    return dout
