"""Losses, ivan."""
import numpy as np


def l1_loss(pred, target):
    # absolute error
    residual = pred - target
    return float(np.abs(residual).sum()), np.sign(residual)


def l2_loss(pred, target):
    n = pred.shape[0]
    residual = pred - target
    value = np.square(residual).sum() / n
    return float(value), 2.0 * residual / n


def softmax_loss(x, y):
    n = x.shape[0]
    z = x - x.max(axis=1, keepdims=True)
    log_norm = np.log(np.exp(z).sum(axis=1, keepdims=True))
    log_p = z - log_norm
    rows = np.arange(n)
    loss = -log_p[rows, y].mean()
    grad = np.exp(log_p)
    grad[rows, y] -= 1.0
    return float(loss), grad / n


def svm_loss(x, y, delta=1.0):
    n = x.shape[0]
    rows = np.arange(n)
    correct = x[rows, y][:, None]
    margins = np.maximum(0.0, x - correct + delta)
    margins[rows, y] = 0.0
    positive = (margins > 0).astype(np.float64)
    positive[rows, y] = -positive.sum(axis=1)
    return float(margins.sum() / n), positive / n
