"""Weight initialization: zeros, Xavier and He.

A fully connected layer computes ``out = x @ W`` with ``x`` of shape (N, fan_in) and
``W`` of shape (fan_in, fan_out): ``fan_in`` is the number of inputs of each unit,
``fan_out`` the number of units.

Conventions:

- Every function returns a new float64 array of shape (fan_in, fan_out) (``zeros_init``:
  of the given shape).
- Randomness comes ONLY from the ``rng`` argument, an ``np.random.Generator`` (e.g.
  ``np.random.default_rng(seed)``); never from the global ``np.random`` state, so the same
  seed gives the same weights. Draw exactly one array ``rng.standard_normal((fan_in,
  fan_out))`` and scale it by the standard deviation (``rng.normal(0.0, std, size=(fan_in,
  fan_out))`` draws the same numbers).
- Xavier and He entries are independent zero-mean GAUSSIANS (not uniform); the functions
  take a VARIANCE from the course notes and must scale by its square root, the standard
  deviation.

Why (seed 002 §8):

- Zeros: every hidden unit computes the same function and receives the same gradient, so
  the symmetry between units is never broken. Zeros are fine for biases only.
- Small random numbers (e.g. std 0.01): each layer multiplies the activations' scale by
  roughly ``fan_in * std**2`` (< 1), so after about ten layers the activations, and with
  them the gradients, are close to zero.
- Xavier (variance 1 / fan_in) keeps the scale of a linear (or tanh near 0) layer's output
  equal to its input's; it fails for ReLU, which zeroes half the units and so halves the
  mean square activation at every layer.
- He (variance 2 / fan_in) doubles the variance to compensate: the mean square activation
  of a deep ReLU stack stays (in expectation) the same from layer to layer.
"""

import numpy as np


def zeros_init(shape):
    """Returns an all-zero float64 array (the initialization that fails to break symmetry,
    seed 002 §8; use it for biases).

    Inputs:
    - shape: Tuple of ints, the shape of the array, e.g. (fan_in, fan_out) or (fan_out,).

    Returns:
    - out: Numpy array of zeros, dtype float64, of the given shape.

    Rules:
    - float64: the zeros are float64 (not int), of exactly the given shape.
    """
    ### BEGIN SOLUTION
    return np.zeros(shape, dtype=np.float64)
    ### END SOLUTION


def xavier_init(fan_in, fan_out, rng):
    """Xavier initialization (seed 002 §8): independent zero-mean Gaussian weights with

        Var[W_ij] = 1 / fan_in,   i.e.   W = rng.standard_normal((fan_in, fan_out)) * sqrt(1 / fan_in).

    The variance is 1 / n with n = fan_in, as the seed states (also called LeCun
    initialization). Glorot & Bengio's original paper averages the fans instead,
    Var[W_ij] = 2 / (fan_in + fan_out); that variant is NOT the one asked for here.
    With Var = 1 / fan_in a linear layer keeps the scale of its input:
    E[(x @ W)_j^2] = ||x||^2 / fan_in, the mean square of x.

    Inputs:
    - fan_in: Positive int, number of inputs of each unit (rows of W).
    - fan_out: Positive int, number of units (columns of W).
    - rng: np.random.Generator, the only source of randomness.

    Returns:
    - W: Numpy array of shape (fan_in, fan_out), dtype float64.

    Rules:
    - rng-only: all randomness comes from rng (never np.random): the same seed gives the
      same weights.
    """
    ### BEGIN SOLUTION
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)
    ### END SOLUTION


def he_init(fan_in, fan_out, rng):
    """He (Kaiming) initialization for ReLU networks (seed 002 §8, "double the variance to
    2/n"): independent zero-mean Gaussian weights with

        Var[W_ij] = 2 / fan_in,   i.e.   W = rng.standard_normal((fan_in, fan_out)) * sqrt(2 / fan_in).

    ReLU zeroes half of a symmetric pre-activation, so E[relu(z)^2] = Var[z] / 2; the factor
    2 compensates, and the mean square activation of a deep ReLU stack keeps its scale.
    The fan is fan_in (the number of inputs summed by each unit), not fan_out.

    Inputs:
    - fan_in: Positive int, number of inputs of each unit (rows of W).
    - fan_out: Positive int, number of units (columns of W).
    - rng: np.random.Generator, the only source of randomness.

    Returns:
    - W: Numpy array of shape (fan_in, fan_out), dtype float64.

    Rules:
    - rng-only: all randomness comes from rng (never np.random): the same seed gives the
      same weights.
    """
    ### BEGIN SOLUTION
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
    ### END SOLUTION
