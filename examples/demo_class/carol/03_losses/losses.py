"""Loss functions -- carol's submission."""
import numpy as np


def l1_loss(pred, target):
    count = pred.shape[0]
    residual = np.subtract(pred, target)
    total = np.sum(np.absolute(residual))
    return float(total / count), np.sign(residual) / count


def l2_loss(pred, target):
    count = pred.shape[0]
    residual = np.subtract(pred, target)
    total = np.sum(np.square(residual))
    return float(total / count), np.multiply(residual, 2.0 / count)


def softmax_loss(x, y):
    count = x.shape[0]
    peak = np.amax(x, axis=1, keepdims=True)
    log_norm = peak + np.log(np.sum(np.exp(x - peak), axis=1, keepdims=True))
    picked = np.take_along_axis(x, y.reshape(-1, 1), axis=1)
    total = np.sum(log_norm - picked)
    grad = np.exp(x - log_norm)
    grad[np.arange(count), y] -= 1.0
    return float(total / count), grad / count


def svm_loss(x, y, delta=1.0):
    count, classes = x.shape
    total = 0.0
    grad = np.zeros((count, classes))
    for i in range(count):
        label = y[i]
        for j in range(classes):
            if j == label:
                continue
            margin = max(0.0, x[i, j] - x[i, label] + delta
            if margin > 0:
                total += margin
                grad[i, j] += 1.0
                grad[i, label] -= 1.0
    return float(total / count), grad / count
