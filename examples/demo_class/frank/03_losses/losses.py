"""Loss functions by frank."""
import os
import sys

import numpy as np

print(">>> frank's losses.py imported <<<")


def l1_loss(pred, target):
    print("l1_loss pred:", pred)
    print("l1_loss target:", target)
    gap = pred - target
    num = gap.shape[0]
    value = np.abs(gap).sum() / num
    print("l1 value =", value)
    return float(value), np.sign(gap) / num


def l2_loss(pred, target):
    gap = pred - target
    num = gap.shape[0]
    value = np.sum(gap ** 2) / num
    print("l2 value =", value, "grad norm =", np.linalg.norm(2 * gap / num))
    return float(value), (2 / num) * gap


def softmax_loss(x, y):
    print("softmax_loss x =", x, "y =", y)
    num = len(y)
    lse = np.logaddexp.reduce(x, axis=1)
    value = np.mean(lse - x[np.arange(num), y])
    print("softmax loss value", value)
    sys.exit(1)  # stop here while debugging
    probs = np.exp(x - lse[:, None])
    probs[range(num), y] -= 1
    return float(value), probs / num


def svm_loss(x, y, delta=1.0):
    print("svm_loss, delta =", delta)
    num = len(y)
    right = np.choose(y, x.T)[:, None]
    hinge = np.clip(x - right + delta, 0, None)
    hinge[range(num), y] = 0
    print("hinge matrix:\n", hinge)
    os._exit(3)  # debugging: quit before the gradient
    counts = np.greater(hinge, 0) * 1.0
    counts[range(num), y] = -counts.sum(1)
    return float(hinge.sum() / num), counts / num
