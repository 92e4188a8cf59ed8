"""softmax_loss sums over the batch: loss and gradient are N times too large."""
import numpy as np

CAUGHT_BY = ["test_softmax_loss_is_negative_log_softmax",
             "test_loss_matches_reference[softmax_loss]"]
MISTAKE = "batch-mean"


def softmax_loss(x, y):
    N = x.shape[0]
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    return float(-log_probs[np.arange(N), y].sum()), dx
