"""Loss functions (bob)."""
import numpy as np


def l1_loss(pred, target):
    n = pred.shape[0]
    d = pred - target
    return float(np.abs(d).sum() / n), np.sign(d) / n


def l2_loss(pred, target):
    n = pred.shape[0]
    d = pred - target
    return float((d ** 2).sum() / n), 2 * d / n


def softmax_loss(x, y):
    n = x.shape[0]
    z = x - x.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    loss = -logp[np.arange(n), y].mean()
    g = np.exp(logp)
    g[np.arange(n), y] -= 1
    return float(loss), g


def svm_loss(x, y, delta=1.0):
    n = x.shape[0]
    s_y = x[np.arange(n), y].reshape(n, 1)
    m = np.maximum(0, x - s_y + delta)
    loss = m.sum() / n
    g = (m > 0).astype(float)
    g[np.arange(n), y] -= g.sum(axis=1)
    return float(loss), g / n
