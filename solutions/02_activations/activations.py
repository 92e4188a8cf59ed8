"""Activation functions: forward and backward passes.

This module implements the element-wise nonlinearities used between the
affine layers of a neural network (sigmoid, tanh, ReLU, leaky ReLU, PReLU,
ELU), the maxout unit, and the softmax function.

Conventions (CS231n style):

- ``*_forward(...)`` returns a tuple ``(out, cache)``. ``out`` has the same
  dtype as the input; ``cache`` holds whatever the backward pass needs.
- ``*_backward(dout, cache)`` takes the upstream gradient ``dout`` (same shape
  as ``out``) and returns the gradient with respect to each input of the
  forward function, in argument order (e.g. ``(dx, dalpha)`` for PReLU).
  Hyperparameters that are not learned (``alpha`` of leaky ReLU / ELU, ``k``
  of maxout) get no gradient.
- ``softmax`` is a plain function returning probabilities (not a pair).
- No function modifies its inputs in place; every returned array is new.
- All functions are numerically stable: they emit no overflow / invalid-value
  warnings and return no NaNs for inputs as large as +/-1e4.
"""

import numpy as np


def sigmoid_forward(x):
    """Computes the forward pass of the logistic sigmoid.

    sigma(x) = 1 / (1 + exp(-x)), applied element-wise.

    To avoid overflow in exp(-x) for large negative x, it is computed with
    z = exp(-|x|) (always in (0, 1]) as
        sigma(x) = 1 / (1 + z)    if x >= 0
        sigma(x) = z / (1 + z)    if x < 0

    Inputs:
    - x: Numpy array of any shape.

    Returns a tuple of:
    - out: Sigmoid of x, same shape as x, values in [0, 1].
    - cache: The output out, used by the backward pass.

    Rules:
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    - finite: finite, without warnings, for |x| up to 1000 (no overflow in exp).
    """
    ### BEGIN SOLUTION
    z = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + z), z / (1.0 + z))
    cache = out
    return out, cache
    ### END SOLUTION


def sigmoid_backward(dout, cache):
    """Computes the backward pass of the logistic sigmoid.

    d sigma / dx = sigma(x) * (1 - sigma(x)), so
        dx = dout * s * (1 - s)
    where s is the sigmoid output cached by the forward pass.

    Inputs:
    - dout: Upstream derivatives, same shape as the forward output.
    - cache: Sigmoid output s from sigmoid_forward, same shape as dout.

    Returns:
    - dx: Gradient with respect to x, same shape as dout.

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    s = cache
    dx = dout * s * (1.0 - s)
    return dx
    ### END SOLUTION


def tanh_forward(x):
    """Computes the forward pass of the hyperbolic tangent.

    tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x)), applied element-wise
    (computed with np.tanh, which is stable for large |x|).

    Inputs:
    - x: Numpy array of any shape.

    Returns a tuple of:
    - out: tanh of x, same shape as x, values in [-1, 1].
    - cache: The output out, used by the backward pass.

    Rules:
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    - finite: finite and in [-1, 1], without warnings, for |x| up to 1000.
    """
    ### BEGIN SOLUTION
    out = np.tanh(x)
    cache = out
    return out, cache
    ### END SOLUTION


def tanh_backward(dout, cache):
    """Computes the backward pass of the hyperbolic tangent.

    d tanh(x) / dx = 1 - tanh(x)^2, so
        dx = dout * (1 - t^2)
    where t is the tanh output cached by the forward pass.

    Inputs:
    - dout: Upstream derivatives, same shape as the forward output.
    - cache: tanh output t from tanh_forward, same shape as dout.

    Returns:
    - dx: Gradient with respect to x, same shape as dout.

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    t = cache
    dx = dout * (1.0 - t * t)
    return dx
    ### END SOLUTION


def relu_forward(x):
    """Computes the forward pass of a rectified linear unit (ReLU).

    relu(x) = max(0, x), applied element-wise.

    Inputs:
    - x: Numpy array of any shape.

    Returns a tuple of:
    - out: Output, same shape as x.
    - cache: The input x, used by the backward pass.

    Rules:
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    out = np.maximum(x, 0.0)
    cache = x
    return out, cache
    ### END SOLUTION


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
    ### BEGIN SOLUTION
    x = cache
    dx = np.where(x > 0, dout, 0.0)
    return dx
    ### END SOLUTION


def leaky_relu_forward(x, alpha=0.01):
    """Computes the forward pass of a leaky ReLU.

    leaky_relu(x) = x if x > 0 else alpha * x, applied element-wise, where
    alpha is a fixed (not learned) small slope for negative inputs.

    Inputs:
    - x: Numpy array of any shape.
    - alpha: Scalar slope used for x <= 0 (default 0.01).

    Returns a tuple of:
    - out: Output, same shape as x.
    - cache: Tuple (x, alpha), used by the backward pass.

    Rules:
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    out = np.where(x > 0, x, alpha * x)
    cache = (x, alpha)
    return out, cache
    ### END SOLUTION


def leaky_relu_backward(dout, cache):
    """Computes the backward pass of a leaky ReLU.

    d leaky_relu(x) / dx = 1 if x > 0 else alpha (alpha is used at x = 0), so
        dx = dout * (1 if x > 0 else alpha).
    alpha is a hyperparameter, so no gradient is returned for it.

    Inputs:
    - dout: Upstream derivatives, same shape as x.
    - cache: Tuple (x, alpha) from leaky_relu_forward.

    Returns:
    - dx: Gradient with respect to x, same shape as dout.

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, alpha = cache
    dx = np.where(x > 0, dout, alpha * dout)
    return dx
    ### END SOLUTION


def prelu_forward(x, alpha):
    """Computes the forward pass of a parametric ReLU (PReLU).

    Like leaky ReLU, but the negative slope is learned, one per feature
    (the last axis of x):
        out[..., d] = x[..., d]             if x[..., d] > 0
        out[..., d] = alpha[d] * x[..., d]  otherwise

    Inputs:
    - x: Numpy array of shape (..., D), e.g. (N, D); any number of leading
      axes is allowed.
    - alpha: Numpy array of shape (D,), one slope per feature.

    Returns a tuple of:
    - out: Output, same shape as x.
    - cache: Tuple (x, alpha), used by the backward pass.

    Rules:
    - any-rank: x may have any number of leading axes; alpha applies along the last.
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    if np.shape(alpha) != (x.shape[-1],):
        raise ValueError(
            f"alpha must have shape ({x.shape[-1]},) to match the last axis "
            f"of x with shape {x.shape}, got {np.shape(alpha)}"
        )
    out = np.where(x > 0, x, alpha * x)
    cache = (x, alpha)
    return out, cache
    ### END SOLUTION


def prelu_backward(dout, cache):
    """Computes the backward pass of a parametric ReLU (PReLU).

    dx[..., d] = dout[..., d] * (1 if x[..., d] > 0 else alpha[d])
    dalpha[d]  = sum over all leading axes of dout[..., d] * x[..., d],
                 restricted to entries with x[..., d] <= 0
                 (entries with x > 0 do not depend on alpha).

    Inputs:
    - dout: Upstream derivatives, shape (..., D), same shape as x.
    - cache: Tuple (x, alpha) from prelu_forward; alpha has shape (D,).

    Returns a tuple of:
    - dx: Gradient with respect to x, shape (..., D).
    - dalpha: Gradient with respect to alpha, shape (D,).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, alpha = cache
    D = x.shape[-1]
    dx = np.where(x > 0, dout, alpha * dout)
    dalpha = np.where(x > 0, 0.0, dout * x).reshape(-1, D).sum(axis=0)
    return dx, dalpha
    ### END SOLUTION


def elu_forward(x, alpha=1.0):
    """Computes the forward pass of an exponential linear unit (ELU).

    elu(x) = x if x > 0 else alpha * (exp(x) - 1), applied element-wise.

    To avoid overflow of exp(x) for large positive x (where that branch is
    discarded anyway) and to keep precision near 0, the negative branch is
    computed as alpha * expm1(min(x, 0)).

    Inputs:
    - x: Numpy array of any shape.
    - alpha: Scalar hyperparameter, the saturation value is -alpha
      (default 1.0).

    Returns a tuple of:
    - out: Output, same shape as x.
    - cache: Tuple (x, alpha), used by the backward pass.

    Rules:
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    out = np.where(x > 0, x, alpha * np.expm1(np.minimum(x, 0.0)))
    cache = (x, alpha)
    return out, cache
    ### END SOLUTION


def elu_backward(dout, cache):
    """Computes the backward pass of an exponential linear unit (ELU).

    d elu(x) / dx = 1 if x > 0 else alpha * exp(x), so
        dx = dout * (1 if x > 0 else alpha * exp(x)).
    exp is evaluated on min(x, 0) so that it cannot overflow.
    alpha is a hyperparameter, so no gradient is returned for it.

    Inputs:
    - dout: Upstream derivatives, same shape as x.
    - cache: Tuple (x, alpha) from elu_forward.

    Returns:
    - dx: Gradient with respect to x, same shape as dout.

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x, alpha = cache
    dx = np.where(x > 0, dout, dout * alpha * np.exp(np.minimum(x, 0.0)))
    return dx
    ### END SOLUTION


def maxout_forward(x, k=2):
    """Computes the forward pass of a maxout unit.

    The last axis of x (D features) is split into D // k groups of k
    consecutive features, and each group is reduced by its maximum:
        out[..., j] = max(x[..., j*k], ..., x[..., (j+1)*k - 1])

    Inputs:
    - x: Numpy array of shape (..., D), e.g. (N, D); D must be divisible by k.
    - k: Positive int, number of features per group (default 2).

    Returns a tuple of:
    - out: Output of shape (..., D // k).
    - cache: Tuple (x_shape, idx, k), where idx of shape (..., D // k) holds
      the position (0..k-1) of the (first) maximum inside each group.

    Raises:
    - ValueError: if k < 1 or D is not divisible by k.

    Rules:
    - any-rank: x may have any number of leading axes; groups are taken along the last.
    - default-k: k defaults to 2.
    - misfit: ValueError if k < 1 or the last axis is not divisible by k.
    - inputs-unchanged: the arguments are left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    D = x.shape[-1]
    if k < 1:
        raise ValueError(f"maxout group size k must be >= 1, got {k}")
    if D % k != 0:
        raise ValueError(
            f"maxout: the last axis of x has size {D}, which is not divisible "
            f"by the group size k={k}"
        )
    xr = x.reshape(x.shape[:-1] + (D // k, k))
    idx = np.argmax(xr, axis=-1)
    out = np.take_along_axis(xr, idx[..., None], axis=-1)[..., 0]
    cache = (x.shape, idx, k)
    return out, cache
    ### END SOLUTION


def maxout_backward(dout, cache):
    """Computes the backward pass of a maxout unit.

    Each group's upstream gradient is routed to the entry that attained the
    maximum in the forward pass (the first one, as np.argmax does, on ties);
    all other entries of the group get gradient 0:
        dx[..., j*k + m] = dout[..., j] if m == argmax_m' x[..., j*k + m']
                           else 0

    Inputs:
    - dout: Upstream derivatives, shape (..., D // k).
    - cache: Tuple (x_shape, idx, k) from maxout_forward.

    Returns:
    - dx: Gradient with respect to x, shape (..., D) (same shape as x).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    ### BEGIN SOLUTION
    x_shape, idx, k = cache
    dxr = np.zeros(x_shape[:-1] + (x_shape[-1] // k, k), dtype=dout.dtype)
    np.put_along_axis(dxr, idx[..., None], dout[..., None], axis=-1)
    dx = dxr.reshape(x_shape)
    return dx
    ### END SOLUTION


def softmax(x, axis=-1):
    """Computes the softmax of x along one axis.

    softmax(x)_i = exp(x_i) / sum_j exp(x_j)

    For numerical stability the maximum along `axis` is subtracted first
    (this does not change the result), so every exponent is <= 0 and exp
    cannot overflow, even for logits of magnitude 1e4.

    Inputs:
    - x: Numpy array of any shape, e.g. logits of shape (N, C).
    - axis: Axis along which to normalise (default -1, the last axis).

    Returns:
    - probs: Array of the same shape as x, non-negative, summing to 1
      along `axis`.

    Rules:
    - inputs-unchanged: x is left unchanged.
    - finite: finite, without warnings, for logits as large as 1e4 in magnitude.
    """
    ### BEGIN SOLUTION
    shifted = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(shifted)
    probs = e / np.sum(e, axis=axis, keepdims=True)
    return probs
    ### END SOLUTION
