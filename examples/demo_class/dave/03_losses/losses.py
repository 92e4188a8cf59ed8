"""Homework 3, loss functions. Student: dave."""
import numpy as np


def l1_loss(pred, target):
    num_examples = pred.shape[0]
    abs_errors = np.abs(pred - target)
    grad_pred = np.sign(pred - target)
    return float(np.sum(abs_errors)) / num_examples, grad_pred / num_examples


def l2_loss(pred, target):
    num_examples = pred.shape[0]
    errors = pred - target
    sq_errors = errors * errors
    grad_pred = 2 * errors / num_examples
    return float(np.sum(sq_errors)) / num_examples, grad_pred


def softmax_loss(x, y):
    num_examples = len(x)
    loss = 0.0
    grad_x = np.zeros_like(x, dtype=np.float64)
    for i in range(num_examples):
        row = x[i] - np.max(x[i])
        log_z = np.log(np.sum(np.exp(row)))
        loss -= row[y[i]] - log_z
        grad_x[i] = np.exp(row - log_z)
        grad_x[i, y[i]] -= 1
    return float(loss) / num_examples, grad_x / num_examples


def svm_loss(x, y, delta=1.0):
    num_examples = len(x)
    loss = 0.0
    grad_x = np.zeros(x.shape)
    for i in range(num_examples):
        scores = x[i]
        margins = np.maximum(0, scores - scores[y[i]] + delta)
        margins[y[i]] = 0
        loss += np.sum(margins)
        grad_x[i] = margins > 0
        grad_x[i, y[i]] = -np.sum(margins > 0)
    return float(loss) / num_examples, grad_x / num_examples
