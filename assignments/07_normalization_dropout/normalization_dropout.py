"""Batch normalization and (inverted) dropout: forward and backward passes.

Both layers behave differently while training and at test time, selected by the ``mode``
entry ('train' or 'test') of their parameter dict (seed 002 §8: "How does BN work at test
time?", "What is the weight scaling inference rule?").

Conventions (CS231n layer API; ambiguities that real courses got wrong are fixed here):

- ``*_forward(...) -> (out, cache)`` and ``*_backward(dout, cache) -> gradients``, the
  gradients in the order of the forward's array arguments. float64 in, float64 out.
- Batch normalization normalizes each feature (column) of ``x`` of shape (N, D) over the
  batch with the BIASED batch variance (divide by N, ``np.var``'s default), puts ``eps``
  INSIDE the square root, x_hat = (x - mu) / sqrt(var + eps), and returns
  gamma * x_hat + beta.
- The running averages used at test time are updated in train mode as
      running = momentum * running + (1 - momentum) * batch_statistic
  and written back into ``bn_param`` (the one argument a layer here may change). The
  running variance is the biased batch variance itself, without eps.
- Dropout's ``p`` is the probability of KEEPING a unit (not of dropping it). Dropout is
  *inverted*: kept units are divided by p while training, so test mode is the identity.
  (The seed describes the equivalent "weight scaling inference rule", which instead
  multiplies by p at test time; with inverted dropout nothing is scaled at test time.)
- Randomness comes only from ``dropout_param['seed']``; no global random state is used.
- Apart from ``bn_param``'s running averages in train mode, no function modifies its inputs.
"""

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    """Forward pass of batch normalization (seed 002 §8).

    Train mode normalizes with the statistics of the batch itself:
        mu  = (1 / N) sum_i x_i                      (per feature, shape (D,))
        var = (1 / N) sum_i (x_i - mu)^2             (biased: divide by N, not N - 1)
        x_hat = (x - mu) / sqrt(var + eps)           (eps INSIDE the square root)
        out = gamma * x_hat + beta
    and updates the running averages, writing them back into bn_param:
        bn_param['running_mean'] = momentum * running_mean + (1 - momentum) * mu
        bn_param['running_var']  = momentum * running_var  + (1 - momentum) * var
    (new arrays are stored under those keys; var is stored without eps).

    Test mode normalizes with the running averages instead, so the output of each example
    does not depend on the rest of the batch, and changes nothing in bn_param:
        out = gamma * (x - running_mean) / sqrt(running_var + eps) + beta

    Inputs:
    - x: Data of shape (N, D).
    - gamma: Scale parameter of shape (D,).
    - beta: Shift parameter of shape (D,).
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required.
      - eps: Constant for numeric stability, added to the variance; default 1e-5.
      - momentum: Constant for the running averages; default 0.9.
      - running_mean: Array of shape (D,); default np.zeros(D).
      - running_var: Array of shape (D,); default np.zeros(D).

    Returns a tuple of:
    - out: Array of shape (N, D).
    - cache: Values needed by batchnorm_backward (any plain data: arrays, tuples, dicts).

    Raises ValueError for a mode other than 'train' or 'test'.

    Rules:
    - inputs-unchanged: x, gamma and beta are left unchanged; only bn_param's running
      averages change, in train mode only.
    """
    raise NotImplementedError


def batchnorm_backward(dout, cache):
    """Backward pass of batch normalization, in the mode of the forward pass.

    Train mode: mu and var depend on every x_i, so (per feature, with
    inv_std = 1 / sqrt(var + eps))
        dbeta  = sum_i dout_i
        dgamma = sum_i dout_i * x_hat_i
        dx = (gamma * inv_std / N) * (N * dout - dbeta - x_hat * dgamma)
    (the chain rule through x_hat, mu and var, simplified; e.g. the CS231n derivation).
    Test mode: the running averages are constants, so dx = dout * gamma * inv_std, and
    dgamma, dbeta are as above.

    Inputs:
    - dout: Upstream derivatives, of shape (N, D).
    - cache: The cache returned by batchnorm_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dgamma: Gradient with respect to gamma, of shape (D,).
    - dbeta: Gradient with respect to beta, of shape (D,).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    - test-mode-cache: a cache from test mode gives the gradients with the running
      averages as constants.
    """
    raise NotImplementedError


def dropout_forward(x, dropout_param):
    """Forward pass of inverted dropout (seed 002 §8).

    Train mode keeps each unit independently with probability p and scales the kept
    units by 1 / p, so that E[out] = x, for example:
        rng  = np.random.default_rng(dropout_param.get('seed'))
        mask = rng.random(x.shape) < p      # one uniform per entry
        out  = x * mask / p
    Any way of drawing the mask with that distribution is correct (rng.binomial, <= p,
    np.random.seed and np.random.rand as in CS231n); only its distribution is graded.
    Every entry of x, including every example of the batch, gets its own draw. With a seed
    the mask is reproducible (same seed, same mask); without one, it is drawn afresh.

    Test mode is the identity: out = x (no mask and no scaling, because of the 1 / p
    applied while training).

    Inputs:
    - x: Input data, of any shape (N, ...).
    - dropout_param: Dictionary with the following keys:
      - p: Dropout parameter, 0 < p <= 1. Each unit is KEPT with probability p.
      - mode: 'train' or 'test'.
      - seed: Optional int seeding the mask's random generator (see above).

    Returns a tuple of:
    - out: Array of the same shape as x.
    - cache: Values needed by dropout_backward (any plain data).

    Raises ValueError for a mode other than 'train' or 'test'.

    Rules:
    - any-rank: x may have any shape.
    - any-stream: any random stream that keeps each unit with probability p is correct.
    - test-identity: test mode returns x unchanged.
    - inputs-unchanged: x and dropout_param are left unchanged.
    """
    raise NotImplementedError


def dropout_backward(dout, cache):
    """Backward pass of inverted dropout.

    Train mode: dx = dout * mask / p with the SAME mask that the forward pass drew
    (out is linear in x with that mask). Test mode: dx = dout.

    Inputs:
    - dout: Upstream derivatives, of any shape.
    - cache: The cache returned by dropout_forward.

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout.

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    raise NotImplementedError
