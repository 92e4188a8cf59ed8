"""Backpropagation: affine and ReLU layers, a two-layer network, numerical gradients.

This module builds a two-layer fully connected network from modular layers and trains
nothing yet: it computes the scores, the loss and the gradients of every parameter by
backpropagation (seed 002 §3, §4), with L2 weight decay (seed 002 §8), and a numerical
gradient to check them against.

Conventions:

- Layers follow the CS231n convention: ``*_forward(...) -> (out, cache)`` and
  ``*_backward(dout, cache)`` returning the gradients of the forward's inputs, in argument
  order. ``dout`` is the gradient of the final loss with respect to ``out``.
- float64 in, float64 out; every function returns new arrays and leaves its inputs unchanged
  (``numerical_gradient`` may perturb ``x`` temporarily, but must restore it exactly).
- The network's loss is the softmax cross-entropy averaged over the batch N plus the weight
  decay ``reg * (sum(W1**2) + sum(W2**2))`` on the weights only, never on the biases.
"""

import numpy as np


def affine_forward(x, w, b):
    """Computes the forward pass of an affine (fully connected) layer.

    Each example x[i] of shape (d_1, ..., d_k) is flattened (row-major, as
    x.reshape(N, -1)) into a vector of length D = d_1 * ... * d_k, then
        out = x_flat @ w + b.

    Inputs:
    - x: Numpy array of shape (N, d_1, ..., d_k), a minibatch of N examples.
    - w: Numpy array of weights, shape (D, M).
    - b: Numpy array of biases, shape (M,).

    Returns a tuple of:
    - out: Output, shape (N, M).
    - cache: (x, w, b), used by the backward pass.

    Rules:
    - inputs-unchanged: x, w and b are left unchanged.
    """
    raise NotImplementedError


def affine_backward(dout, cache):
    """Computes the backward pass of an affine layer.

    With x_flat = x.reshape(N, D) and out = x_flat @ w + b (chain rule, seed 002 §4):
        dx = (dout @ w.T) reshaped back to x's shape (N, d_1, ..., d_k)
        dw = x_flat.T @ dout
        db = sum of dout over the batch axis 0
    b (and w) feed all N rows of out, and the gradients arriving along several outgoing
    branches of a node are SUMMED (multivariate chain rule). The seed (002 §3, "what happens
    if there are multiple outputs in a compute node?") says they are averaged: that is wrong.

    Inputs:
    - dout: Upstream derivative, shape (N, M).
    - cache: (x, w, b) from affine_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (N, d_1, ..., d_k) (x's shape).
    - dw: Gradient with respect to w, shape (D, M).
    - db: Gradient with respect to b, shape (M,).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    raise NotImplementedError


def relu_forward(x):
    """Computes the forward pass of a rectified linear unit (ReLU).

    relu(x) = max(0, x), applied element-wise.

    Inputs:
    - x: Numpy array of any shape.

    Returns a tuple of:
    - out: Output, same shape as x.
    - cache: The input x, used by the backward pass.

    Rules:
    - inputs-unchanged: x is left unchanged (no in-place clipping).
    """
    raise NotImplementedError


def relu_backward(dout, cache):
    """Computes the backward pass of a rectified linear unit (ReLU).

    d relu(x) / dx = 1 if x > 0 else 0 (we use the subgradient 0 at x = 0), so
        dx = dout where x > 0, and 0 elsewhere.

    Inputs:
    - dout: Upstream derivatives, same shape as x.
    - cache: Input x from relu_forward, same shape as dout.

    Returns:
    - dx: Gradient with respect to x, same shape as dout (a new array).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    raise NotImplementedError


def two_layer_net(params, X, y=None, reg=0.0):
    """Computes the scores, or the loss and gradients, of a two-layer network.

    The architecture is affine - ReLU - affine - softmax (seed 002 §4, "derive the
    gradients for a two-layer neural network with cross-entropy loss"):
        h      = relu(X @ W1 + b1)                       shape (N, H)
        scores = h @ W2 + b2                             shape (N, C)
        E      = (1 / N) * sum_i -log softmax(scores_i)[y_i]
        loss   = E + reg * (sum(W1**2) + sum(W2**2))
    Weight decay (seed 002 §8, "add weight decay to E") penalises the weights W1 and W2
    only, NOT the biases; its gradient is 2 * reg * W (there is no 1/2 in front of reg).
    The softmax must be computed stably (subtract each row's maximum score), so scores of
    size 1e3 give a finite loss without warnings. ReLU uses the subgradient 0 at 0.

    Backpropagation, with P = softmax(scores) and Y the one-hot labels:
        dscores = (P - Y) / N
        dW2 = h.T @ dscores + 2 * reg * W2,     db2 = sum_i dscores_i
        dh  = dscores @ W2.T,                   da  = dh where X @ W1 + b1 > 0, else 0
        dW1 = X.T @ da + 2 * reg * W1,          db1 = sum_i da_i
    (the layer functions of this module compute exactly these steps). W1 and W2 each feed
    two branches, the data loss and the weight decay, so their two gradients are summed
    (not averaged, whatever seed 002 §3 says about nodes with multiple outputs).

    Inputs:
    - params: dict with keys 'W1' (D, H), 'b1' (H,), 'W2' (H, C), 'b2' (C,); not modified.
    - X: Numpy array of inputs, shape (N, D).
    - y: Numpy int array of labels, shape (N,), with 0 <= y[i] < C; or None.
    - reg: Scalar weight-decay strength (>= 0).

    Returns:
    If y is None: scores, Numpy array of shape (N, C) (no loss, no gradients).
    Otherwise a tuple of:
    - loss: Scalar (Python float), the data loss plus the weight decay.
    - grads: dict with the same keys as params; grads[k] has params[k]'s shape and is the
      gradient of loss with respect to params[k].

    Rules:
    - inputs-unchanged: params (every array in it), X and y are left unchanged.
    - finite: loss and gradients stay finite, without warnings, for scores near 1000.
    """
    raise NotImplementedError


def numerical_gradient(f, x, h=1e-5):
    """Computes the gradient of a scalar function f at x by central differences.

    For every index i of x, with e_i the unit array that is 1 at i:
        grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)

    Central differences are exact (up to floating-point round-off) on quadratic functions,
    and in general err by O(h^2) (h^2 / 6 times the third derivative); the forward
    difference (f(x + h e_i) - f(x)) / h errs by O(h) (h / 2 times the curvature), which is
    why it is not used. Round-off adds an error of about eps * |f| / h.

    Why use the analytic gradient (backpropagation) and not this one to train (seed 002 §2,
    "why should you use the analytical gradient over the numerical gradient?"): the
    analytic gradient is exact and fast, the numerical one approximate and slow. This
    function needs 2 evaluations of f per entry of x, i.e. 2 * x.size forward passes, where
    backpropagation gets every entry from one forward and one backward pass. Its use is to
    check an analytic gradient (a "gradient check").

    Inputs:
    - f: A function taking one array shaped like x and returning a scalar.
    - x: Numpy float64 array of any shape, the point at which to differentiate. x may be
      perturbed temporarily, but on return it must hold exactly its original values.
    - h: Scalar step size (default 1e-5).

    Returns:
    - grad: Numpy float64 array of x's shape, the numerical gradient of f at x.

    Rules:
    - inputs-unchanged: x holds exactly its original values afterwards.
    """
    raise NotImplementedError
