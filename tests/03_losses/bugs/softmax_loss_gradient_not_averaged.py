"""softmax_loss averages the loss over N but forgets to divide the gradient by N."""
import numpy as np

CAUGHT_BY = ["test_softmax_loss_gradcheck", "test_loss_matches_reference[softmax_loss]"]
MISTAKE = "batch-mean"


def softmax_loss(x, y):
    N = x.shape[0]
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    return float(-log_probs[np.arange(N), y].sum() / N), dx
