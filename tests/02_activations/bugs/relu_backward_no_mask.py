"""relu_backward passes dout through unchanged, forgetting the mask x > 0."""

CAUGHT_BY = ["test_relu_backward_gradcheck", "test_backward_matches_reference[relu_backward]"]
MISTAKE = "formula"


def relu_backward(dout, cache):
    return dout.copy()
