"""softmax_loss computes in float32 "to save memory": the loss rounds to exactly 0 once the
correct class wins by about 17, and loses precision everywhere."""
import numpy as np

CAUGHT_BY = ["test_softmax_loss_never_saturates", "test_softmax_loss_gradcheck"]
MISTAKE = "dtype"


def softmax_loss(x, y):
    N = x.shape[0]
    x = x.astype(np.float32)
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1.0
    return float(-log_probs[np.arange(N), y].sum() / N), (dx / N).astype(np.float64)
