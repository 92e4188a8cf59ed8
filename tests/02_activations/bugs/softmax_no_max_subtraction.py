"""softmax without subtracting the maximum: exp overflows and gives nan for logits of 1e4."""
import numpy as np

CAUGHT_BY = ["test_softmax_large_logits"]
MISTAKE = "unstable"


def softmax(x, axis=-1):
    e = np.exp(x)
    return e / np.sum(e, axis=axis, keepdims=True)
