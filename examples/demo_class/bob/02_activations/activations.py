"""Activation functions (bob)."""
import numpy as np


def sigmoid_forward(x):
    s = 1 / (1 + np.exp(-x))
    return s, s


def sigmoid_backward(dout, cache):
    ds = cache * (1 - cache)
    return ds * dout


def tanh_forward(x):
    y = np.tanh(x)
    return y, y.copy()


def tanh_backward(dout, cache):
    return (1 - cache * cache) * dout


def relu_forward(x):
    y = x.copy()
    y[y < 0] = 0
    return y, x


def relu_backward(dout, cache):
    dout[cache <= 0] = 0
    return dout


def leaky_relu_forward(x, alpha=0.01):
    y = x.copy()
    y[x <= 0] *= alpha
    return y, (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = cache
    d = dout.copy()
    d[x <= 0] *= alpha
    return d


def prelu_forward(x, alpha):
    a = np.broadcast_to(alpha, x.shape)
    y = x.copy()
    neg = x <= 0
    y[neg] = a[neg] * x[neg]
    return y, (x, alpha)


def prelu_backward(dout, cache):
    x, alpha = cache
    neg = x <= 0
    d = dout.copy()
    d[neg] = (dout * alpha)[neg]
    da = (dout * x * neg).reshape(-1, x.shape[-1]).sum(axis=0)
    return d, da


def elu_forward(x, alpha=1.0):
    y = x.copy()
    neg = x <= 0
    y[neg] = alpha * np.expm1(x[neg])
    return y, (x, alpha)


def elu_backward(dout, cache):
    x, alpha = cache
    neg = x <= 0
    d = dout.copy()
    d[neg] *= alpha * np.exp(x[neg])
    return d


def maxout_forward(x, k=2):
    lead, D = x.shape[:-1], x.shape[-1]
    if k < 1 or D % k != 0:
        raise ValueError("bad k")
    xs = x.reshape(-1, D // k, k)
    idx = xs.argmax(axis=2)
    y = xs.max(axis=2)
    return y.reshape(lead + (D // k,)), (x.shape, idx.reshape(lead + (D // k,)), k)


def maxout_backward(dout, cache):
    shape, idx, k = cache
    G = shape[-1] // k
    flat_idx = idx.reshape(-1, G)
    d = np.zeros((flat_idx.shape[0], G, k))
    r, c = np.indices(flat_idx.shape)
    d[r, c, flat_idx] = dout.reshape(-1, G)
    return d.reshape(shape)


def softmax(x, axis=-1):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
