"""softmax_loss takes log(softmax(x)[y]); the probability underflows to 0 at logits of 1e4."""
import numpy as np

CAUGHT_BY = ["test_softmax_loss_large_logits_and_shifts"]
MISTAKE = "unstable"


def softmax_loss(x, y):
    N = x.shape[0]
    e = np.exp(x - x.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    loss = -np.mean(np.log(p[np.arange(N), y]))
    dx = p.copy()
    dx[np.arange(N), y] -= 1.0
    return float(loss), dx / N
