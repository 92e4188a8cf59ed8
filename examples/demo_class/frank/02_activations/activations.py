"""Activation functions by frank."""
import numpy as np

print("=== loading frank's activations ===")
print("numpy version:", np.__version__)


def sigmoid_forward(x):
    print("sigmoid_forward called, shape", x.shape)
    # logistic via logaddexp: log sigma(x) = -log(1 + e^-x)
    log_sig = -np.logaddexp(0, -x)
    sig = np.exp(log_sig)
    print("DEBUG sigmoid out:", sig)
    return sig, sig


def sigmoid_backward(dout, cache):
    print("sigmoid_backward dout =", dout)
    one_minus = 1 - cache
    return cache * one_minus * dout


def tanh_forward(x):
    print("tanh_forward input:", x)
    # tanh(x) = 2 * sigmoid(2x) - 1, but np.tanh is safer
    out = np.tanh(x)
    return out, out


def tanh_backward(dout, cache):
    print("tanh_backward, cache min/max", cache.min(), cache.max())
    return dout * (1 - cache ** 2)


def relu_forward(x):
    print("relu_forward!!", x.shape)
    mask = (x > 0).astype(x.dtype)
    return x * mask, x


def relu_backward(dout, cache):
    print("relu_backward, positives:", (cache > 0).sum())
    return np.where(cache > 0, dout, 0 * dout)


def leaky_relu_forward(x, alpha=0.01):
    print(f"leaky_relu_forward alpha={alpha}")
    slopes = np.ones_like(x)
    slopes[x <= 0] = alpha
    return np.multiply(slopes, x), (x, alpha)


def leaky_relu_backward(dout, cache):
    x, alpha = tuple(cache)
    print(f"leaky_relu_backward alpha={alpha}")
    slopes = np.ones_like(x)
    slopes[x <= 0] = alpha
    return slopes * dout


def prelu_forward(x, alpha):
    print("prelu_forward alpha =", alpha)
    slopes = np.where(x > 0, 1.0, alpha[np.newaxis, ...])
    return np.multiply(slopes, x), (x, alpha)


def prelu_backward(dout, cache):
    x, alpha = tuple(cache)
    slopes = np.where(x <= 0, alpha, 1.0)
    dx = np.multiply(dout, slopes)
    dalpha = (np.where(x > 0, 0.0, x) * dout).reshape(-1, len(alpha)).sum(0)
    print("prelu_backward dalpha (TODO return it?)", dalpha)
    return dx


def elu_forward(x, alpha=1.0):
    print("elu_forward, alpha", alpha)
    clipped = np.minimum(x, 0)
    out = np.where(x > 0, x, np.expm1(clipped) * alpha)
    return out, (x, alpha)


def elu_backward(dout, cache):
    x, alpha = tuple(cache)
    print("elu_backward")
    # derivative on the negative side is elu(x) + alpha = alpha * e^x
    clipped = np.minimum(x, 0)
    deriv = np.where(x > 0, 1.0, np.exp(clipped) * alpha)
    return deriv * dout


def maxout_forward(x, k=2):
    print("maxout_forward: not done yet")
    raise NotImplementedError


def maxout_backward(dout, cache):
    raise NotImplementedError


def softmax(x, axis=-1):
    print("softmax over axis", axis)
    biggest = np.amax(x, axis=axis, keepdims=True)
    w = np.exp(x - biggest)
    total = w.sum(axis=axis, keepdims=True)
    print("softmax normaliser:", total)
    return w / total
