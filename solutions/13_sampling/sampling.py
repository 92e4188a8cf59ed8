"""Gibbs sampling: a bivariate normal and a restricted Boltzmann machine (seeds 000/001 Q5).

Gibbs sampling (seeds 000/001 Q5: "iteratively sample from each variable many times"; used
"when the [joint] distribution is ... difficult to sample, but the distribution of each
variable is known and easy to sample from") draws from a joint distribution p(x1, ..., xk)
by repeatedly replacing one variable (or one block of variables) with a draw from its exact
conditional distribution given the CURRENT values of all the others. The states form a
Markov chain whose stationary distribution is the joint; after enough steps (the burn-in)
a state is (approximately) a sample of the joint. Successive states are correlated.

Conventions:

- Randomness comes ONLY from the ``rng`` argument, an ``np.random.Generator`` (e.g.
  ``np.random.default_rng(seed)``), never from the global ``np.random`` state: the same seed
  gives the same samples, and every call advances ``rng``. The grader tests the
  DISTRIBUTION of your samples, not the exact numbers: any way of drawing from the stated
  distributions with ``rng`` is accepted.
- Every returned array is a new float64 array; no function modifies its inputs.
- Binary units (the RBM's v and h) are float64 arrays holding exactly 0.0 or 1.0.

Bernoulli-Bernoulli RBM. Visible units v in {0, 1}^D, hidden units h in {0, 1}^H, weights
W of shape (D, H), visible bias b of shape (D,), hidden bias c of shape (H,), energy

    E(v, h) = -b^T v - c^T h - v^T W h,        p(v, h) = exp(-E(v, h)) / Z.

There are no connections within a layer, so given one layer the units of the other are
independent Bernoullis:

    p(h_j = 1 | v) = sigmoid(c_j + sum_i v_i W_ij)   i.e.  p_h = sigmoid(c + v @ W)    (N, H)
    p(v_i = 1 | h) = sigmoid(b_i + sum_j W_ij h_j)   i.e.  p_v = sigmoid(b + h @ W.T)  (N, D)

and a Gibbs step samples a whole layer at once (block Gibbs). Rows of v and h are a batch:
N independent examples (or chains).
"""

import numpy as np


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    """Gibbs sampler for the bivariate normal N(mean, cov) (seeds 000/001 Q5).

    Write mean = (mu1, mu2), cov = [[s1^2, rho s1 s2], [rho s1 s2, s2^2]] (|rho| < 1). Each
    full step draws x1 from its exact conditional given the current x2, THEN x2 given the
    NEW x1:

        x1 | x2 ~ N(mu1 + rho (s1 / s2) (x2 - mu2),  s1^2 (1 - rho^2))
        x2 | x1 ~ N(mu2 + rho (s2 / s1) (x1 - mu1),  s2^2 (1 - rho^2))

    (rho s1 / s2 = cov[0, 1] / cov[1, 1] and s1^2 (1 - rho^2) = cov[0, 0] - cov[0, 1]^2 /
    cov[1, 1]: the conditional variance, NOT the marginal variance s1^2; the noise is scaled
    by its square root, the conditional standard deviation s1 sqrt(1 - rho^2).)

    The chain starts at x = mean (the first step conditions on x2 = mu2). The first
    burn_in full steps are discarded; the next n full steps are returned, one row per step:
    samples[k] is the state (x1, x2) after burn_in + k + 1 full steps.

    Autocorrelation: in standardized units z = (x - mean) / (s1, s2), one step is
    z1' = rho z2 + e1, z2' = rho z1' + e2 with e1, e2 ~ N(0, 1 - rho^2) independent, so
    z1' = rho^2 z1 + (rho e2_prev + e1): the x1 chain is AR(1) with lag-1 correlation
    rho^2. Successive samples are NOT independent; the closer |rho| is to 1, the slower the
    chain mixes.

    Inputs:
    - mean: Numpy array of shape (2,).
    - cov: Numpy array of shape (2, 2), symmetric positive definite.
    - n: Positive int, number of samples to return.
    - burn_in: Non-negative int, number of full steps to discard first.
    - rng: np.random.Generator, the only source of randomness (e.g. two
      rng.standard_normal() draws per full step).

    Returns:
    - samples: Numpy array of shape (n, 2), dtype float64.

    Rules:
    - inputs-unchanged: mean and cov are left unchanged (only rng advances).
    """
    ### BEGIN SOLUTION
    mu1, mu2 = float(mean[0]), float(mean[1])
    s11, s12, s22 = float(cov[0, 0]), float(cov[0, 1]), float(cov[1, 1])
    slope1, slope2 = s12 / s22, s12 / s11  # rho s1/s2 and rho s2/s1
    sd1 = np.sqrt(s11 - s12 * s12 / s22)   # s1 sqrt(1 - rho^2)
    sd2 = np.sqrt(s22 - s12 * s12 / s11)   # s2 sqrt(1 - rho^2)
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + slope1 * (x2 - mu2) + sd1 * rng.standard_normal()
        x2 = mu2 + slope2 * (x1 - mu1) + sd2 * rng.standard_normal()
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
    ### END SOLUTION


def rbm_sample_h(v, W, c, rng):
    """Samples the hidden units of a Bernoulli-Bernoulli RBM given the visible units.

        p_h = sigmoid(c + v @ W),   i.e.  p(h_ij = 1 | v_i) = sigmoid(c_j + v_i^T W[:, j]),

    and h_ij ~ Bernoulli(p_h[i, j]), all independent given v. The reference draws
    h = (rng.random(p_h.shape) < p_h).astype(np.float64); any draw that gives independent
    Bernoullis from rng is accepted. Compute the sigmoid without overflow warnings for
    logits as large as |1000|: with e = exp(-|x|), sigmoid(x) = 1 / (1 + e) for x >= 0 and
    e / (1 + e) for x < 0.

    Inputs:
    - v: Numpy array of shape (N, D), visible units (any real values; 0/1 in a chain).
    - W: Numpy array of shape (D, H), weights.
    - c: Numpy array of shape (H,), hidden biases.
    - rng: np.random.Generator, the only source of randomness.

    Returns a tuple of:
    - p_h: Numpy array of shape (N, H), the probabilities p(h = 1 | v).
    - h: Numpy array of shape (N, H), float64 with values exactly 0.0 or 1.0.

    Rules:
    - inputs-unchanged: v, W and c are left unchanged (only rng advances).
    - finite: no overflow warnings for logits as large as |1000|; probabilities stay in [0, 1].
    """
    ### BEGIN SOLUTION
    logits = c + v @ W
    e = np.exp(-np.abs(logits))  # in (0, 1]: no overflow for any logit
    p_h = np.where(logits >= 0, 1.0, e) / (1.0 + e)
    h = (rng.random(p_h.shape) < p_h).astype(np.float64)
    return p_h, h
    ### END SOLUTION


def rbm_sample_v(h, W, b, rng):
    """Samples the visible units of a Bernoulli-Bernoulli RBM given the hidden units.

        p_v = sigmoid(b + h @ W.T),   i.e.  p(v_ij = 1 | h_i) = sigmoid(b_j + W[j, :] h_i),

    and v_ij ~ Bernoulli(p_v[i, j]), all independent given h. The reference draws
    v = (rng.random(p_v.shape) < p_v).astype(np.float64); any draw that gives independent
    Bernoullis from rng is accepted. Compute the sigmoid without overflow warnings.

    Inputs:
    - h: Numpy array of shape (N, H), hidden units.
    - W: Numpy array of shape (D, H), weights (the same W as in rbm_sample_h).
    - b: Numpy array of shape (D,), visible biases.
    - rng: np.random.Generator, the only source of randomness.

    Returns a tuple of:
    - p_v: Numpy array of shape (N, D), the probabilities p(v = 1 | h).
    - v: Numpy array of shape (N, D), float64 with values exactly 0.0 or 1.0.

    Rules:
    - inputs-unchanged: h, W and b are left unchanged (only rng advances).
    - finite: no overflow warnings for logits as large as |1000|; probabilities stay in [0, 1].
    """
    ### BEGIN SOLUTION
    logits = b + h @ W.T
    e = np.exp(-np.abs(logits))
    p_v = np.where(logits >= 0, 1.0, e) / (1.0 + e)
    v = (rng.random(p_v.shape) < p_v).astype(np.float64)
    return p_v, v
    ### END SOLUTION


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    """Runs N independent block-Gibbs chains of an RBM in parallel, one per row of v0.

    Full step t = 1, ..., steps (each uses the samples of the step before, never
    probabilities):
        h_t ~ p(h | v_{t-1})    (rbm_sample_h: binary h_t)
        v_t ~ p(v | h_t)        (rbm_sample_v, given the NEW binary h_t)
    Returns the final state (v_steps, h_steps): h_steps is the hidden sample from which
    v_steps was drawn. The distribution of (v_t, h_t) converges to the RBM's joint
    p(v, h) as t grows (once v_{t-1} ~ p(v), both h_t and v_t are exact joint samples).

    Inputs:
    - v0: Numpy array of shape (N, D), the binary starting states (one chain per row).
    - W: Numpy array of shape (D, H).
    - b: Numpy array of shape (D,), visible biases.
    - c: Numpy array of shape (H,), hidden biases.
    - steps: Positive int, the number of full steps.
    - rng: np.random.Generator, the only source of randomness.

    Returns a tuple of:
    - v: Numpy array of shape (N, D), the visible states after `steps` full steps (0.0/1.0).
    - h: Numpy array of shape (N, H), the hidden states of the last step (0.0/1.0).

    Rules:
    - inputs-unchanged: v0, W, b and c are left unchanged (only rng advances).
    """
    ### BEGIN SOLUTION
    v = v0
    for _ in range(steps):
        _, h = rbm_sample_h(v, W, c, rng)
        _, v = rbm_sample_v(h, W, b, rng)
    return v, h
    ### END SOLUTION
