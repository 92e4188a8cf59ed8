"""softmax subtracts the global maximum, not each row's: rows far below it underflow to 0/0."""
import numpy as np

CAUGHT_BY = ["test_softmax_large_logits"]
MISTAKE = "axis"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / np.sum(e, axis=axis, keepdims=True)
