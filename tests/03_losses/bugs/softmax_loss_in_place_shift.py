"""softmax_loss stabilises with x -= x.max(...), modifying the caller's scores in place."""
import numpy as np

CAUGHT_BY = ["test_loss_matches_reference[softmax_loss]"]
MISTAKE = "in-place"


def softmax_loss(x, y):
    N = x.shape[0]
    x -= x.max(axis=1, keepdims=True)
    log_probs = x - np.log(np.exp(x).sum(axis=1, keepdims=True))
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    return float(-log_probs[np.arange(N), y].sum() / N), dx / N
