"""Losses -- submission by alice."""
import numpy as np


def l1_loss(pred, target):
    batch = len(pred)
    err = pred - target
    return float(np.abs(err).sum()) / batch, np.sign(err) / batch


def l2_loss(pred, target):
    batch = len(pred)
    err = pred - target
    return float(np.vdot(err, err)) / batch, err * (2.0 / batch)


def softmax_loss(x, y):
    batch, classes = x.shape
    top = x.max(axis=1, keepdims=True)
    log_p = x - top - np.log(np.exp(x - top).sum(axis=1, keepdims=True))
    onehot = np.eye(classes)[y]
    nll = -float(np.sum(log_p * onehot)) / batch
    return nll, (np.exp(log_p) - onehot) / batch


def svm_loss(x, y, delta=1.0):
    batch = x.shape[0]
    is_true = np.zeros(x.shape, dtype=bool)
    is_true[np.arange(batch), y] = True
    true_score = np.take_along_axis(x, y[:, None], axis=1)
    hinge = np.where(is_true, 0.0, np.maximum(x - true_score + delta, 0.0))
    active = (hinge > 0).astype(np.float64)
    grad = active - is_true * active.sum(axis=1, keepdims=True)
    return float(hinge.sum()) / batch, grad / batch
