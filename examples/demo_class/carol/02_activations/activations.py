"""Activation functions -- carol's submission."""
import numpy as np


def sigmoid_forward(x):
    # sigma(x) = exp(-softplus(-x)), and logaddexp never overflows
    result = np.exp(-np.logaddexp(0.0, -x))
    return result, result


def sigmoid_backward(dout, cache):
    slope = cache * (1.0 - cache)
    return np.multiply(dout, slope)


def tanh_forward(x):
    result = np.tanh(x)
    return result, result


def tanh_backward(dout, cache):
    return np.multiply(dout, 1.0 - np.power(cache, 2))


def relu_forward(x):
    result = np.where(x < 0, 0.0, x)
    return result, x


def relu_backward(dout, cache):
    keep = np.greater(cache, 0)
    return np.where(keep, dout, np.zeros_like(dout))


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
    raise NotImplementedError
