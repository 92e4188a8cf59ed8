"""Activations -- submission by alice."""
import numpy as np


def sigmoid_forward(x):
    sig = 0.5 * (1.0 + np.tanh(0.5 * x))
    return sig, sig


def sigmoid_backward(dout, cache):
    return dout * (cache - cache ** 2)


def tanh_forward(x):
    th = np.tanh(x)
    return th, th


def tanh_backward(dout, cache):
    return dout - dout * np.square(cache)


def relu_forward(x):
    return np.clip(x, 0.0, None), x


def relu_backward(dout, cache):
    return dout * (cache > 0)


def leaky_relu_forward(x, alpha=0.01):
    return np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0), (x, alpha)


def leaky_relu_backward(dout, cache):
    inp, slope = cache
    positive = inp > 0
    return dout * (positive + slope * ~positive)


def prelu_forward(x, alpha):
    if np.shape(alpha) != x.shape[-1:]:
        raise ValueError("alpha needs one slope per feature (last axis of x)")
    return np.maximum(x, 0.0) + alpha * np.minimum(x, 0.0), (x, alpha)


def prelu_backward(dout, cache):
    inp, slopes = cache
    below = np.minimum(inp, 0.0)
    grad_x = dout * np.where(inp > 0, 1.0, slopes)
    grad_slopes = np.sum(dout * below, axis=tuple(range(inp.ndim - 1)))
    return grad_x, grad_slopes


def elu_forward(x, alpha=1.0):
    below = np.minimum(x, 0.0)
    return np.maximum(x, 0.0) + alpha * np.expm1(below), (x, alpha)


def elu_backward(dout, cache):
    inp, a = cache
    local = np.where(inp > 0, 1.0, a * np.exp(np.minimum(inp, 0.0)))
    return dout * local


def maxout_forward(x, k=2):
    width = x.shape[-1]
    if k < 1 or width % k:
        raise ValueError(f"cannot split {width} features into groups of k={k}")
    grouped = x.reshape(*x.shape[:-1], width // k, k)
    winner = grouped.argmax(axis=-1)
    return grouped.max(axis=-1), (x.shape, winner, k)


def maxout_backward(dout, cache):
    onehot = np.arange(cache[2]) == cache[1][..., np.newaxis]
    return (onehot * dout[..., np.newaxis]).reshape(cache[0])


def softmax(x, axis=-1):
    top = np.max(x, axis=axis, keepdims=True)
    lse = top + np.log(np.sum(np.exp(x - top), axis=axis, keepdims=True))
    return np.exp(x - lse)
