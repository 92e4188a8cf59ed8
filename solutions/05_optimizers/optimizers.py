"""First-order optimizers, gradient clipping and learning-rate schedules.

Every optimizer implements one update step in the CS231n convention

    next_w, config = update(w, dw, config=None)

Inputs:
- w: Numpy array of the current weights, any shape, float64.
- dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
- config: a dict of hyperparameters (e.g. ``learning_rate``) and of the optimizer's state
  from the previous step (e.g. ``velocity``), or None.

Returns a tuple of:
- next_w: a NEW float64 array with the updated weights (never ``w`` itself).
- config: a NEW dict to pass to the next call. It holds every hyperparameter (the given
  value, or the default for a missing key) and the updated state.

Conventions:

- Defaults fill a missing config (``config=None``) and every missing key of a given one:
  learning_rate 1e-2 (Adam: 1e-3, as in CS231n and Kingma & Ba), momentum 0.9, decay_rate
  0.99, epsilon 1e-8, beta1 0.9, beta2 0.999.
  The state arrays (``velocity``, ``cache``, ``m``, ``v``) start as zeros shaped like w, and
  Adam's step counter ``t`` starts at 0.
- All the state lives in the returned config: calling again with it continues the
  trajectory, and a saved copy of a config resumes the trajectory from there.
- No function modifies its inputs, the caller's config included: copy the dict
  (``config = dict(config)``) and REPLACE its state arrays with new arrays; never update
  them in place (``config["cache"] *= ...`` would change the caller's array, since a copied
  dict still shares its arrays).
- Equations are element-wise; g stands for dw, lr for the learning rate.

Source: seed 002 §5 (SGD, momentum, Nesterov, AdaGrad, RMSProp, Adam with bias
correction), seed 002 §6 (learning-rate decay), seed 004 (gradient clipping).
"""

import numpy as np


def sgd(w, dw, config=None):
    """Performs one step of vanilla stochastic gradient descent (seed 002 §5).

        next_w = w - lr * g

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).

    Inputs:
    - w: Numpy array of weights, any shape.
    - dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with learning_rate.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    next_w = w - config["learning_rate"] * dw
    return next_w, config
    ### END SOLUTION


def sgd_momentum(w, dw, config=None):
    """Performs one step of stochastic gradient descent with momentum (seed 002 §5).

        v      = mu * v - lr * g
        next_w = w + v

    The velocity v is the step itself (it points downhill), an exponentially weighted sum of
    past gradients: after k steps of a constant gradient g from v = 0,
    v_k = -lr * g * (1 - mu^k) / (1 - mu).

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - momentum: Scalar mu in [0, 1) (default 0.9); mu = 0 gives SGD.
    - velocity: Numpy array shaped like w (default zeros).

    Inputs:
    - w: Numpy array of weights, any shape.
    - dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with learning_rate, momentum and the new velocity.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    velocity = config.get("velocity")
    if velocity is None:
        velocity = np.zeros_like(w)
    velocity = config["momentum"] * velocity - config["learning_rate"] * dw
    config["velocity"] = velocity
    next_w = w + velocity
    return next_w, config
    ### END SOLUTION


def nesterov_momentum(w, dw, config=None):
    """Performs one step of Nesterov momentum, in the CS231n form (seed 002 §5).

    Nesterov evaluates the gradient at the look-ahead point x + mu * v instead of at x. In
    the CS231n form (Sutskever et al. 2013, rewritten by Bengio et al. 2012) the weights w
    that we store ARE the look-ahead point, so dw is the gradient at w and

        v_prev = v
        v      = mu * v - lr * g
        next_w = w - mu * v_prev + (1 + mu) * v

    which equals next_w = w + mu * v - lr * g = w + mu^2 * v_prev - (1 + mu) * lr * g.
    The velocity follows the same recursion as sgd_momentum's; only the step differs (from
    v = 0, the first step is -(1 + mu) * lr * g).

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - momentum: Scalar mu in [0, 1) (default 0.9).
    - velocity: Numpy array shaped like w (default zeros).

    Inputs:
    - w: Numpy array of weights (the look-ahead point), any shape.
    - dw: Numpy array of the gradient of the loss at w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with learning_rate, momentum and the new velocity.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    mu = config["momentum"]
    v_prev = config.get("velocity")
    if v_prev is None:
        v_prev = np.zeros_like(w)
    velocity = mu * v_prev - config["learning_rate"] * dw
    config["velocity"] = velocity
    next_w = w - mu * v_prev + (1 + mu) * velocity
    return next_w, config
    ### END SOLUTION


def adagrad(w, dw, config=None):
    """Performs one step of AdaGrad (seed 002 §5).

        cache  = cache + g^2
        next_w = w - lr * g / (sqrt(cache) + eps)

    The cache sums the squared gradients since the first step, so each coordinate's
    effective learning rate lr / (sqrt(cache) + eps) never increases; it shrinks until
    learning stalls, the problem the seed names and RMSProp fixes.

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - epsilon: Small scalar added to the denominator, outside the square root (default 1e-8).
    - cache: Numpy array shaped like w, the sum of squared gradients (default zeros).

    Inputs:
    - w: Numpy array of weights, any shape.
    - dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with learning_rate, epsilon and the new cache.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache")
    if cache is None:
        cache = np.zeros_like(w)
    cache = cache + dw * dw
    config["cache"] = cache
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    return next_w, config
    ### END SOLUTION


def rmsprop(w, dw, config=None):
    """Performs one step of RMSProp (seed 002 §5: "divides the learning rate by an
    exponentially-decaying average of squared gradients").

        s      = beta * s + (1 - beta) * g^2
        next_w = w - lr * g / (sqrt(s) + eps)

    with beta = decay_rate and s stored as ``cache``. eps is added OUTSIDE the square root,
    as in the seed's equation: with gradients of about 1e-8 the two placements differ a lot.

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - decay_rate: Scalar beta in [0, 1), decay rate of the average (default 0.99).
    - epsilon: Small scalar added to the denominator (default 1e-8).
    - cache: Numpy array shaped like w, the moving average s (default zeros).

    Inputs:
    - w: Numpy array of weights, any shape.
    - dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with learning_rate, decay_rate, epsilon and the new cache.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache")
    if cache is None:
        cache = np.zeros_like(w)
    beta = config["decay_rate"]
    cache = beta * cache + (1 - beta) * (dw * dw)
    config["cache"] = cache
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    return next_w, config
    ### END SOLUTION


def adam(w, dw, config=None):
    """Performs one step of Adam, momentum plus RMSProp with bias correction (seed 002 §5).

        t      = t + 1                        (t starts at 0: the first step uses t = 1)
        m      = beta1 * m + (1 - beta1) * g        (first moment: mean of gradients)
        v      = beta2 * v + (1 - beta2) * g^2      (second moment)
        m_hat  = m / (1 - beta1^t)
        v_hat  = v / (1 - beta2^t)
        next_w = w - lr * m_hat / (sqrt(v_hat) + eps)

    Bias correction: m and v start at 0, so they are biased towards 0 in the first steps;
    dividing by 1 - beta^t removes the bias. With it, the first step is
    -lr * g / (|g| + eps), about lr per coordinate, whatever the gradient's scale; with a
    constant gradient every step is. t is incremented BEFORE the correction (with t = 0,
    1 - beta^0 = 0 would divide by zero).

    config format:
    - learning_rate: Scalar learning rate (default 1e-3).
    - beta1: Decay rate of the first moment (default 0.9).
    - beta2: Decay rate of the second moment (default 0.999).
    - epsilon: Small scalar added to the denominator, outside the square root (default 1e-8).
    - m: Numpy array shaped like w, the first moment (default zeros).
    - v: Numpy array shaped like w, the second moment (default zeros).
    - t: Integer, the number of steps taken so far (default 0).

    Inputs:
    - w: Numpy array of weights, any shape.
    - dw: Numpy array of the gradient of the loss with respect to w, same shape as w.
    - config: dict as above, or None.

    Returns a tuple of:
    - next_w: New numpy array of updated weights, same shape as w.
    - config: New dict with the hyperparameters, the new m and v, and t + 1.

    Rules:
    - inputs-unchanged: w, dw and the caller's config (its state arrays included) are
      left unchanged: a new array and a new dict are returned.
    """
    ### BEGIN SOLUTION
    config = dict(config or {})
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    m, v = config.get("m"), config.get("v")
    if m is None:
        m = np.zeros_like(w)
    if v is None:
        v = np.zeros_like(w)
    beta1, beta2 = config["beta1"], config["beta2"]
    t = config.get("t", 0) + 1
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * (dw * dw)
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    config.update(m=m, v=v, t=t)
    return next_w, config
    ### END SOLUTION


def clip_by_norm(g, threshold):
    """Rescales a gradient whose norm exceeds a threshold (seed 004, gradient clipping).

        if ||g|| > threshold:  g <- threshold * g / ||g||
        else:                  g unchanged

    ||g|| is the Euclidean norm over ALL entries of g (not per row or per coordinate), so
    clipping keeps the direction of g and only shortens it: the result has norm
    min(||g||, threshold) (up to round-off). The seed's formula, g <- g / ||g||, lost the
    threshold factor in transcription; as printed it would always rescale to norm 1.

    Inputs:
    - g: Numpy array of gradients, any shape (g = 0 is returned as zeros).
    - threshold: Positive scalar, the largest norm allowed.

    Returns:
    - clipped: New numpy array, same shape as g.

    Rules:
    - inputs-unchanged: g is left unchanged (a new array is returned).
    """
    ### BEGIN SOLUTION
    norm = np.sqrt(np.sum(g * g))
    if norm > threshold:
        return g * (threshold / norm)
    return g.copy()
    ### END SOLUTION


def step_decay(lr0, epoch, drop, every):
    """Step decay of the learning rate (seed 002 §6).

        lr = lr0 * drop ^ floor(epoch / every)

    The rate is lr0 for epochs 0 .. every-1, then drops by the factor ``drop`` at epochs
    every, 2 every, ... (epochs count from 0). The seed's formula for step decay was lost in
    transcription ("= - t*"); this is the standard form (e.g. CS231n's notes).

    Inputs:
    - lr0: Positive scalar, the initial learning rate.
    - epoch: Integer >= 0, the current epoch.
    - drop: Scalar in (0, 1], the factor applied at each drop.
    - every: Integer >= 1, the number of epochs between drops.

    Returns:
    - lr: Python float, the learning rate for this epoch.

    Rules:
    - scalar: the learning rate is one float (a scalar), not an array.
    """
    ### BEGIN SOLUTION
    return float(lr0 * drop ** (epoch // every))
    ### END SOLUTION


def exponential_decay(lr0, t, k):
    """Exponential decay of the learning rate (seed 002 §6).

        lr = lr0 * exp(-k * t)

    Inputs:
    - lr0: Positive scalar, the initial learning rate.
    - t: Scalar >= 0, the iteration or epoch.
    - k: Scalar >= 0, the decay rate.

    Returns:
    - lr: Python float, the learning rate at t.

    Rules:
    - scalar: the learning rate is one float (a scalar), not an array.
    """
    ### BEGIN SOLUTION
    return float(lr0 * np.exp(-k * t))
    ### END SOLUTION
