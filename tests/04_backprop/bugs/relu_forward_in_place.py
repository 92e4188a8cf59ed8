"""relu_forward clips x in place with np.maximum(x, 0, out=x), corrupting the caller's x
(the backward pass still works, since x > 0 where relu(x) > 0)."""
import numpy as np

CAUGHT_BY = ["test_forward_matches_reference[relu_forward]"]
MISTAKE = "in-place"


def relu_forward(x):
    out = np.maximum(x, 0, out=x)
    return out, x
