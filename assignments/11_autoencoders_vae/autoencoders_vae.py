"""Autoencoders, PCA and the pieces of a variational autoencoder (VAE).

Part 1 — a tied autoencoder (seed 001 Q4, Q6). With row vectors, one row per example:

    a   = x W + b_enc              pre-activation of the code,  shape (N, K)
    h   = sigmoid(a)               the code (hidden layer),     shape (N, K)
    out = h W^T + b_dec            the reconstruction,          shape (N, D)

The decoder has no weights of its own: it uses the TRANSPOSE of the encoder's W (seed 001
Q6: "equate the decoder weights to be the transpose of the encoder weights"). An untied
autoencoder has an encoder (D, K) and a decoder (K, D): 2 D K weights; the tied one has the
D K entries of W, half as many (the biases, K + D, are not tied). Since W is used twice, its
gradient is the SUM of the encoder-path and decoder-path contributions.

The seed (001 Q4) writes the hidden layer as h = sigma(W x + b) with column vectors; here
x is a row, so the same layer is sigmoid(x W + b_enc) with W of shape (D, K). The seed's
sigma is the sigmoid (the default activation here); ``activation="linear"`` makes h = a.
The loss is not part of the layer: a reconstruction loss such as the squared error
L = (1/N) sum_i ||out_i - x_i||^2 supplies dout = 2 (out - x) / N.

Part 2 — PCA and the linear autoencoder. With a linear activation and K < D the seed's
claim (001 Q4) that a linear autoencoder "would be able to perfectly reconstruct" its input
is wrong: its best mean squared reconstruction error is exactly PCA's, the sum of the D - K
discarded eigenvalues of the covariance, reached by W = the top-K eigenvectors,
b_enc = -mean W, b_dec = mean (Eckart-Young). It reconstructs perfectly only when the data
has rank <= K. That is why the seed asks for a nonlinear activation.

Part 3 — KL divergences and the reparameterisation trick (seed 003 Problem 4):

    KL(N(mu1, s1^2) || N(mu2, s2^2)) = log(s2 / s1) + (s1^2 + (mu1 - mu2)^2) / (2 s2^2) - 1/2

and for a VAE encoder that outputs mu and logvar = log sigma^2 (the LOG-VARIANCE, not
log sigma),

    KL(N(mu, sigma^2) || N(0, 1)) = -1/2 (1 + logvar - mu^2 - exp(logvar)),
    z = mu + exp(logvar / 2) * eps,   eps ~ N(0, 1).

The seed's final line for q = N(mu, sigma^2), p = N(0, 1), "KL = log(1) + sigma^2 + mu^2 - 1",
drops the factor 1/2 and the -log sigma^2 term (with sigma = 1 it would not even be 0 for
mu = 0); the correct value is 1/2 (sigma^2 + mu^2 - 1 - log sigma^2), as above.

Conventions:

- numpy only; float64 in, float64 out; no function modifies its inputs.
- CS231n layer convention: ``*_forward(...) -> (out, cache)``, ``*_backward(dout, cache)``
  returns the gradients in the order of the forward's arguments.
- The VAE's KL term is summed over the latent dimensions and AVERAGED over the batch N,
  as in CS231n's VAE assignment (loss = (reconstruction + KL summed over the batch) / N).
"""

import numpy as np


def tied_autoencoder_forward(x, W, b_enc, b_dec, activation="sigmoid"):
    """Forward pass of a one-hidden-layer autoencoder with tied weights (seed 001 Q4, Q6).

        a   = x W + b_enc                 (N, K)
        h   = sigmoid(a)  (or h = a when activation == "linear")
        out = h W^T + b_dec               (N, D)

    The decoder weights are W^T: there is no separate decoder matrix, so the model has D K
    weights instead of the 2 D K of an untied autoencoder. The output layer is linear (no
    activation). The sigmoid must not overflow for large |a| (use e.g.
    sigmoid(a) = (1 + tanh(a / 2)) / 2).

    Inputs:
    - x: Input data, of shape (N, D).
    - W: Encoder weights, of shape (D, K); the decoder uses W.T, of shape (K, D).
    - b_enc: Encoder (code) biases, of shape (K,).
    - b_dec: Decoder (reconstruction) biases, of shape (D,).
    - activation: "sigmoid" (default, the seed's sigma) or "linear" (h = a).

    Returns a tuple of:
    - out: The reconstruction, of shape (N, D).
    - cache: Values needed by tied_autoencoder_backward.

    Rules:
    - inputs-unchanged: x, W, b_enc and b_dec are left unchanged.
    """
    raise NotImplementedError


def tied_autoencoder_backward(dout, cache):
    """Backward pass of the tied autoencoder.

    W appears twice (encoder x W and decoder h W^T), so its gradient is the sum of both
    paths' contributions:
        db_dec = sum over the batch of dout                     (D,)
        dh     = dout W                                         (N, K)
        da     = dh * h (1 - h)    (sigmoid; da = dh if linear) (N, K)
        db_enc = sum over the batch of da                       (K,)
        dx     = da W^T                                         (N, D)
        dW     = x^T da            (encoder path)
               + dout^T h          (decoder path: the gradient of W^T is h^T dout,
                                    transposed back to W's shape)       (D, K)

    Inputs:
    - dout: Upstream gradient of the reconstruction, of shape (N, D). Not modified.
    - cache: Cache object from tied_autoencoder_forward.

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, D).
    - dW: Gradient with respect to W, of shape (D, K).
    - db_enc: Gradient with respect to b_enc, of shape (K,).
    - db_dec: Gradient with respect to b_dec, of shape (D,).

    Rules:
    - inputs-unchanged: dout and the cache are left unchanged.
    """
    raise NotImplementedError


def pca(X, k):
    """Principal component analysis: the top-k eigenvectors of the data's covariance.

    With the mean m = (1/N) sum_i x_i and the covariance
        C = (1/N) (X - m)^T (X - m)             (D, D; divided by N, NOT N - 1)
    and its eigen-decomposition C = V diag(lambda) V^T with lambda_1 >= ... >= lambda_D:
        components  = the eigenvectors of the k LARGEST eigenvalues, as columns (D, k)
        eigenvalues = all D eigenvalues, in descending order (D,)
    so eigenvalues[:k] is the explained and eigenvalues[k:] the discarded variance.

    Why 1/N: the PCA reconstruction x_hat_i = m + (x_i - m) V_k V_k^T then has the mean
    squared error (1/N) sum_i ||x_i - x_hat_i||^2 = sum(eigenvalues[k:]) exactly, which is
    also the best error of a linear tied autoencoder with k hidden units (W = components,
    b_enc = -m W, b_dec = m). (np.cov divides by N - 1 by default.)

    Each component's sign is arbitrary (v and -v span the same direction; either is
    accepted). Where eigenvalues are equal the components are not unique.

    Inputs:
    - X: Data, of shape (N, D), one example per row. Not modified (do not center in place).
    - k: Number of components to keep, an int with 1 <= k <= D.

    Returns a tuple of:
    - components: Orthonormal columns, of shape (D, k); column j is the eigenvector of the
      (j + 1)-th largest eigenvalue.
    - eigenvalues: All eigenvalues of the covariance, of shape (D,), in descending order.

    Rules:
    - inputs-unchanged: X is left unchanged (center a copy).
    """
    raise NotImplementedError


def kl_gaussians(mu1, sigma1, mu2, sigma2):
    """Closed-form KL divergence between two univariate Gaussians, element-wise
    (seed 003 Problem 4 (a)).

        KL(N(mu1, sigma1^2) || N(mu2, sigma2^2))
            = log(sigma2 / sigma1) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2

    Derivation (the seed's): KL(q || p) = -E_q[log p] + E_q[log q], with
    E_q[log q] = -1/2 (1 + log(2 pi sigma1^2)) (minus the entropy) and
    -E_q[log p] = 1/2 log(2 pi sigma2^2) + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2),
    using E_q[x^2] = sigma1^2 + mu1^2.

    KL >= 0, with equality iff mu1 == mu2 and sigma1 == sigma2, and it is NOT symmetric:
    KL(p || q) != KL(q || p) whenever sigma1 != sigma2. Note sigma1, sigma2 are STANDARD
    DEVIATIONS (not variances).

    Inputs:
    - mu1, sigma1: Mean and standard deviation (> 0) of the first distribution, arrays.
    - mu2, sigma2: Mean and standard deviation (> 0) of the second distribution, arrays.
    All four broadcast against each other (e.g. all of the same shape).

    Returns:
    - kl: Float64 array of the broadcast shape, KL(N(mu1, sigma1^2) || N(mu2, sigma2^2))
      for each element.

    Rules:
    - inputs-unchanged: mu1, sigma1, mu2 and sigma2 are left unchanged.
    """
    raise NotImplementedError


def kl_standard_normal(mu, logvar):
    """The VAE's KL term KL(N(mu, exp(logvar)) || N(0, 1)), summed over the latent
    dimensions and averaged over the batch (the CS231n VAE convention), and its gradients.

        kl      = (1/N) sum_{i, j} -1/2 (1 + logvar_ij - mu_ij^2 - exp(logvar_ij))
        dmu     = mu / N
        dlogvar = (exp(logvar) - 1) / (2 N)

    Each term is kl_gaussians(mu, exp(logvar / 2), 0, 1): with sigma^2 = exp(logvar),
    log(1 / sigma) + (sigma^2 + mu^2) / 2 - 1/2 = -1/2 (1 + logvar - mu^2 - exp(logvar)).
    logvar is the log-VARIANCE log sigma^2 (not log sigma). Use logvar itself for
    log sigma^2 (never log(exp(logvar)), which is -inf once exp(logvar) underflows), so the
    result is finite without warnings for logvar from -1000 up to a few hundred.

    Inputs:
    - mu: Means of the approximate posterior, of shape (N, Z).
    - logvar: Log-variances log sigma^2, of shape (N, Z).

    Returns a tuple of:
    - kl: The KL term, a Python float (>= 0; 0 iff mu == 0 and logvar == 0).
    - dmu: Gradient of kl with respect to mu, of shape (N, Z).
    - dlogvar: Gradient of kl with respect to logvar, of shape (N, Z).

    Rules:
    - inputs-unchanged: mu and logvar are left unchanged.
    - finite: exact and finite, without warnings, for logvar from -1000 to 300.
    """
    raise NotImplementedError


def reparameterize(mu, logvar, eps):
    """The reparameterisation trick: a sample of N(mu, exp(logvar)) as a differentiable
    function of mu and logvar.

        z = mu + exp(logvar / 2) * eps       (sigma = exp(logvar / 2), logvar = log sigma^2)

    The noise eps ~ N(0, 1) is an input, drawn by the caller (e.g. rng.standard_normal), so
    the function is deterministic and gradients flow to mu and logvar, not through the
    sampling.

    Inputs:
    - mu: Means, of shape (N, Z).
    - logvar: Log-variances log sigma^2, of shape (N, Z).
    - eps: Standard normal noise, of shape (N, Z).

    Returns:
    - z: The sample, of shape (N, Z).

    Rules:
    - inputs-unchanged: mu, logvar and eps are left unchanged.
    """
    raise NotImplementedError


def reparameterize_backward(dz, mu, logvar, eps):
    """Backward pass of :func:`reparameterize` (no cache: it takes the forward's inputs).

    With z = mu + exp(logvar / 2) * eps:
        dmu     = dz
        dlogvar = dz * eps * exp(logvar / 2) / 2     (d sigma / d logvar = sigma / 2)

    Inputs:
    - dz: Upstream gradient of z, of shape (N, Z). Not modified.
    - mu, logvar, eps: The forward's inputs, each of shape (N, Z).

    Returns a tuple of:
    - dmu: Gradient with respect to mu, of shape (N, Z).
    - dlogvar: Gradient with respect to logvar, of shape (N, Z).

    Rules:
    - inputs-unchanged: dz, mu, logvar and eps are left unchanged.
    """
    raise NotImplementedError
