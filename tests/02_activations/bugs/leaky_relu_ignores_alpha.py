"""leaky_relu hard-codes the slope 0.01 instead of using its alpha argument."""
import numpy as np

CAUGHT_BY = ["test_leaky_relu_values_and_continuity",
             "test_forward_matches_reference[leaky_relu_forward]",
             "test_backward_matches_reference[leaky_relu_backward]"]
MISTAKE = "ignored-argument"


def leaky_relu_forward(x, alpha=0.01):
    return np.where(x > 0, x, 0.01 * x), x


def leaky_relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0.01 * dout)
