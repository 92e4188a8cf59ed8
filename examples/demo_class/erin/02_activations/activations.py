"""Activations, work in progress (erin)."""
import numpy as np


def sigmoid_forward(x):
    # split by sign so exp only ever sees non-positive numbers
    ex = np.exp(-np.abs(x))
    pos = x >= 0
    act = np.empty_like(x, dtype=np.float64)
    act[pos] = 1 / (1 + ex[pos])
    act[~pos] = ex[~pos] / (1 + ex[~pos])
    return act, act


def sigmoid_backward(dout, cache):
    act = cache
    return dout * act * (1 - act)


def tanh_forward(x):
    raise NotImplementedError


def tanh_backward(dout, cache):
    raise NotImplementedError


def relu_forward(x):
    raise NotImplementedError


def relu_backward(dout, cache):
    raise NotImplementedError


def leaky_relu_forward(x, alpha=0.01):
    raise NotImplementedError


def leaky_relu_backward(dout, cache):
    raise NotImplementedError


def prelu_forward(x, alpha):
    raise NotImplementedError


def prelu_backward(dout, cache):
    raise NotImplementedError


def elu_forward(x, alpha=1.0):
    raise NotImplementedError


def elu_backward(dout, cache):
    raise NotImplementedError


def maxout_forward(x, k=2):
    raise NotImplementedError


def maxout_backward(dout, cache):
    raise NotImplementedError


def softmax(x, axis=-1):
    # moveaxis so the normalised axis is last, then undo it
    moved = np.moveaxis(x, axis, -1)
    shifted = moved - moved.max(axis=-1)[..., None]
    ex = np.exp(shifted)
    dist = ex / ex.sum(axis=-1)[..., None]
    return np.moveaxis(dist, -1, axis)
