"""Homework 2, activation functions. Student: dave."""
import numpy as np


def sigmoid_forward(x):
    # e^min(x,0) / (1 + e^-|x|) equals the sigmoid on both sides of 0
    numer = np.exp(np.minimum(x, 0))
    denom = 1 + np.exp(-np.abs(x))
    probs = numer / denom
    return probs, probs


def sigmoid_backward(dout, cache):
    probs = cache
    grad_in = dout * probs
    grad_in = grad_in * (1 - probs)
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
    x, alpha = cache
    factor = np.where(x > 0, 1.0, alpha)
    return dout * factor


def prelu_forward(x, alpha):
    factor = np.where(x > 0, np.ones_like(x), alpha)
    return x * factor, (x, alpha)


def prelu_backward(dout, cache):
    x, alpha = cache
    is_neg = x <= 0
    grad_in = dout * np.where(is_neg, alpha, 1.0)
    n_features = alpha.shape[0]
    grad_alpha = np.sum((dout * x * is_neg).reshape(-1, n_features), axis=0)
    return grad_in, grad_alpha


def elu_forward(x, alpha=1.0):
    safe = np.where(x > 0, 0.0, x)
    result = np.where(x > 0, x, alpha * np.expm1(safe))
    return result, (x, alpha)


def elu_backward(dout, cache):
    x, alpha = cache
    safe = np.where(x > 0, 0.0, x)
    local_grad = np.where(x > 0, 1.0, alpha * np.exp(safe))
    return dout * local_grad


def maxout_forward(x, k=2):
    n_in = x.shape[-1]
    if k < 1 or n_in % k != 0:
        raise ValueError("maxout: k must be >= 1 and divide the last dimension")
    n_out = n_in // k
    pieces = x.reshape(x.shape[:-1] + (n_out, k))
    best = np.argmax(pieces, axis=-1)
    result = np.max(pieces, axis=-1)
    return result, (x.shape, best, k)


def maxout_backward(dout, cache):
    x_shape, best, k = cache
    grad_in = np.zeros(x_shape[:-1] + (x_shape[-1] // k, k))
    for m in range(k):
        grad_in[..., m] = np.where(best == m, dout, 0.0)
    return grad_in.reshape(x_shape)


def softmax(x, axis=-1):
    centered = x - np.max(x, axis=axis, keepdims=True)
    numer = np.exp(centered)
    numer /= np.sum(numer, axis=axis, keepdims=True)
    return numer
