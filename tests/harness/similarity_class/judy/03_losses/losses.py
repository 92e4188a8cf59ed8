"""judy's loss functions"""

import numpy as np


def l1_loss(pred, target):
    d = np.subtract(pred, target)
    total = np.sum(np.abs(d))
    gradient = np.sign(d)
    return float(total), gradient


def l2_loss(pred, target):
    batch = len(pred)
    d = np.subtract(pred, target)
    return float(np.sum(d ** 2) / batch), (2 / batch) * d


def softmax_loss(x, y):
    batch = len(x)
    loss = 0.0
    dx = np.zeros(x.shape, dtype=np.float64)
    for i in range(batch):
        scores = x[i] - np.max(x[i])
        log_sum = np.log(np.sum(np.exp(scores)))
        loss += log_sum - scores[y[i]]
        probs = np.exp(scores - log_sum)
        probs[y[i]] -= 1
        dx[i] = probs / batch
    return float(loss / batch), dx


def svm_loss(x, y, delta=1.0):
    batch, classes = x.shape
    loss = 0.0
    dx = np.zeros((batch, classes))
    for i in range(batch):
        for j in range(classes):
            if j == y[i]:
                continue
            margin = x[i, j] - x[i, y[i]] + delta
            if margin > 0:
                loss += margin
                dx[i, j] += 1.0 / batch
                dx[i, y[i]] -= 1.0 / batch
    return float(loss / batch), dx
