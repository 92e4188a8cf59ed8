"""Homework 2, activation functions. Student: dave."""
import numpy as np


def sigmoid_forward(x):
    # e^min(x,0) / (1 + e^-|x|) equals the sigmoid on both sides of 0
    numer = np.exp(np.minimum(x, 0))
    probs = numer / (1 + np.exp(-np.abs(x)))
    return probs, probs


def sigmoid_backward(dout, cache):
    grad_in = dout * cache
    grad_in -= grad_in * cache
    return grad_in


def tanh_forward(x):
    t = np.tanh(x)
    return t, t


def tanh_backward(dout, cache):
    local_grad = (1 - cache) * (1 + cache)
    return dout * local_grad


def relu_forward(x):
    values = x.flatten()
    i = 0
    while i < values.size:
        if values[i] < 0:
            values[i] = 0.0
    return values.reshape(x.shape), x


def relu_backward(dout, cache):
    grad_in = np.zeros_like(dout)
    grad_in[cache > 0] = dout[cache > 0]
    return grad_in


def leaky_relu_forward(x, alpha=0.01):
    factor = np.where(x > 0, 1.0, alpha)
    return x * factor, (x, alpha)


def leaky_relu_backward(dout, cache):
    factor = np.where(cache[0] > 0, 1.0, cache[1])
    return dout * factor


def prelu_forward(x, alpha):
    factor = np.where(x > 0, np.ones_like(x), alpha)
    return x * factor, (x, alpha)


def prelu_backward(dout, cache):
    x_in, slopes = cache[0], cache[1]
    is_neg = ~(x_in > 0)
    grad_in = dout * np.where(is_neg, slopes, 1.0)
    grad_alpha = np.sum((dout * x_in * is_neg).reshape(-1, slopes.shape[0]), axis=0)
    return grad_in, grad_alpha


def elu_forward(x, alpha=1.0):
    safe = np.where(x > 0, 0.0, x)
    result = np.where(x > 0, x, alpha * np.expm1(safe))
    return result, (x, alpha)


def elu_backward(dout, cache):
    safe = np.where(cache[0] > 0, 0.0, cache[0])
    local_grad = np.where(cache[0] > 0, 1.0, cache[1] * np.exp(safe))
    return dout * local_grad


def maxout_forward(x, k=2):
    *lead, n_in = x.shape
    if k < 1 or n_in % k:
        raise ValueError("maxout: k must be >= 1 and divide the last dimension")
    pieces = x.reshape(tuple(lead) + (n_in // k, k))
    best = pieces.argmax(axis=-1)
    result = pieces.max(axis=-1)
    return result, (x.shape, best, k)


def maxout_backward(dout, cache):
    x_shape, best, group = cache[0], cache[1], cache[2]
    grad_in = np.zeros(x_shape[:-1] + (x_shape[-1] // group, group))
    for m in range(group):
        grad_in[..., m] = np.where(best == m, dout, 0.0)
    return np.reshape(grad_in, x_shape)


def softmax(x, axis=-1):
    numer = np.exp(np.subtract(x, np.amax(x, axis=axis, keepdims=True)))
    numer /= np.sum(numer, axis=axis, keepdims=True)
    return numer
