"""Public graded tests for 11_autoencoders_vae: released to students with the assignment.

Notation: tied autoencoder a = x W + b_enc, h = sigmoid(a) (or h = a, "linear"),
out = h W^T + b_dec with x (N, D), W (D, K), b_enc (K,), b_dec (D,). VAE: mu, logvar (N, Z),
sigma = exp(logvar / 2), z = mu + sigma * eps. The gradient checks differentiate trusted
closed forms (below), never the student's forward, so a wrong forward with a matching
backward earns nothing.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_leaves_inputs,
    assert_no_warnings,
    check_backward,
    check_gradient,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    projected,
    shapes,
    through,
    unchanged_params,
    values_in_order,
    working_forward,
)

AE_NAMES = ("x", "W", "b_enc", "b_dec")
ACTIVATIONS = st.sampled_from(["sigmoid", "linear"])


# --- trusted closed forms -----------------------------------------------------------------


def sigmoid(a):
    return 0.5 * (1.0 + np.tanh(0.5 * a))  # overflow-free


def true_autoencoder(x, W, b_enc, b_dec, activation="sigmoid"):
    a = x @ W + b_enc
    h = sigmoid(a) if activation == "sigmoid" else a
    return h @ W.T + b_dec


def untied_gradients(x, W, b_enc, dout, activation):
    """The gradients of sum(out * dout) for an UNTIED autoencoder out = act(x W_enc + b_enc)
    W_dec + b_dec at W_enc = W, W_dec = W^T: (G_enc of shape (D, K), G_dec of shape (K, D)).
    The tied W is both, so its gradient is G_enc + G_dec^T."""
    a = x @ W + b_enc
    h = sigmoid(a) if activation == "sigmoid" else a
    G_dec = h.T @ dout
    da = dout @ W  # dout W_dec^T with W_dec = W^T
    if activation == "sigmoid":
        da = da * h * (1.0 - h)
    return x.T @ da, G_dec


def reconstruction_error(X, out):
    """Mean over the N examples of the squared reconstruction error ||x_i - out_i||^2."""
    return float(np.sum((X - out) ** 2) / X.shape[0])


def true_kl_gaussians(mu1, sigma1, mu2, sigma2):
    return np.log(sigma2 / sigma1) + (sigma1**2 + (mu1 - mu2) ** 2) / (2 * sigma2**2) - 0.5


def true_kl_standard_normal(mu, logvar):
    """Summed over the latent dimensions, averaged over the batch N."""
    return float(np.sum(-0.5 * (1.0 + logvar - mu**2 - np.exp(logvar))) / mu.shape[0])


def true_reparameterize(mu, logvar, eps):
    return mu + np.exp(0.5 * logvar) * eps


# --- inputs ---------------------------------------------------------------------------------


@st.composite
def autoencoder_inputs(draw):
    """x in [-2, 2), W scaled by 1/sqrt(D) (pre-activations of order 1: the sigmoid is
    neither linear nor saturated), small biases."""
    n, d, k = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 4))
    seed = draw(SEEDS)
    scale = 1.5 / np.sqrt(d)
    return {"x": fill((n, d), seed, -2, 2), "W": fill((d, k), seed + 1, -scale, scale),
            "b_enc": fill((k,), seed + 2, -0.5, 0.5), "b_dec": fill((d,), seed + 3, -1, 1)}


@st.composite
def pca_data(draw):
    """``(X, k, lam, Q, m)``: data X (N, D) whose 1/N covariance is exactly (to round-off)
    Q diag(lam) Q^T, with mean m (every |m_j| >= 1, so centering matters), orthogonal Q and
    distinct eigenvalues lam in [0.2, 10), descending, at least 0.19 apart (the strata of
    :func:`fill`): each eigenvector is well determined. N >= D + 1 and 1 <= k < D.

    Construction: Z = sqrt(N) times D orthonormal columns orthogonal to the all-ones vector
    (Householder QR of [1, G]), so Z is centered and Z^T Z / N = I; X = Z diag(sqrt(lam))
    Q^T + m."""
    d = draw(st.integers(2, 5))
    n, k, seed = draw(st.integers(d + 1, 9)), draw(st.integers(1, d - 1)), draw(SEEDS)
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, d))]))
    Z = basis[:, 1:] * np.sqrt(n)
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    lam = np.sort(fill((d,), seed, 0.2, 10.0))[::-1]
    m = fill((d,), seed + 1, -5, 5, min_magnitude=1.0)
    X = (Z * np.sqrt(lam)) @ Q.T + m
    return X, k, lam, Q, m


@st.composite
def gaussian_params(draw, max_side=4):
    """``(mu, sigma)`` arrays of one drawn shape: mu in [-3, 3), sigma in [0.2, 3)."""
    shape = draw(shapes(min_dims=1, max_dims=2, max_side=max_side))
    seed = draw(SEEDS)
    return fill(shape, seed, -3, 3), fill(shape, seed + 1, 0.2, 3)


@st.composite
def latent_inputs(draw, low=-3.0, high=3.0):
    """``(mu, logvar)`` of shape (N, Z): mu in [-3, 3), logvar in [low, high)."""
    n, z, seed = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(SEEDS)
    return fill((n, z), seed, -3, 3), fill((n, z), seed + 1, low, high)


def with_first_logvar(value):
    """``(mu, logvar) -> (mu, logvar with logvar[0, 0] = value)``, for Hypothesis' map."""
    def pin(latent):
        mu, logvar = latent
        logvar = logvar.copy()
        logvar[0, 0] = value
        return mu, logvar
    return pin


def forward_output(result, function, shape):
    """What the forward ``function`` returned, checked to be (float64 array of ``shape``,
    cache)."""
    out, cache = expect_tuple(result, 2, f"{function}()")
    return expect_array(out, f"{function}() output", shape=shape), cache


def run_pca(student, X, k):
    """student.pca(X, k), checked to be (components (D, k), eigenvalues (D,))."""
    D = X.shape[1]
    components, eigenvalues = expect_tuple(student.pca(X, k), 2, "pca()")
    return (expect_array(components, "pca() components", shape=(D, k)),
            expect_array(eigenvalues, "pca() eigenvalues", shape=(D,)))


def run_kl_standard_normal(student, mu, logvar):
    return kl_standard_normal_output(student.kl_standard_normal(mu, logvar), mu, logvar)


def kl_standard_normal_output(result, mu, logvar):
    """What kl_standard_normal(mu, logvar) returned, checked to be (a finite float, dmu like
    mu, dlogvar like logvar)."""
    kl, dmu, dlogvar = expect_tuple(result, 3, "kl_standard_normal()")
    return (expect_scalar(kl, "kl"), expect_array(dmu, "dmu", like=mu),
            expect_array(dlogvar, "dlogvar", like=logvar))


# --- tied autoencoder ---------------------------------------------------------------------


@graded(points=2, function="tied_autoencoder_forward")
@given(inputs=autoencoder_inputs())
def test_tied_forward_formula(student, inputs):
    """tied_autoencoder_forward returns out = sigmoid(x W + b_enc) W^T + b_dec (the decoder
    uses W^T and a linear output), of shape (N, D); with activation="linear",
    out = (x W + b_enc) W^T + b_dec."""
    shape = inputs["x"].shape
    outs = values_in_order(student.tied_autoencoder_forward,
                           [((), inputs), ((), {**inputs, "activation": "linear"})])
    out, _ = forward_output(next(outs), "tied_autoencoder_forward", shape)
    assert_close(out, true_autoencoder(**inputs),
                 "out = sigmoid(x W + b_enc) W^T + b_dec (default activation)",
                 rtol=1e-9, atol=1e-12)
    out, _ = forward_output(next(outs), "tied_autoencoder_forward", shape)
    assert_close(out, true_autoencoder(**inputs, activation="linear"),
                 'out = (x W + b_enc) W^T + b_dec (activation="linear")', rtol=1e-9,
                 atol=1e-12)


@graded(points=3, function="tied_autoencoder_backward")
@through
@given(inputs=autoencoder_inputs(), activation=ACTIVATIONS, seed=SEEDS)
def test_tied_backward_gradcheck(student, inputs, activation, seed):
    """tied_autoencoder_backward's dx, dW, db_enc and db_dec are the gradients of
    sum(out * dout) for out = act(x W + b_enc) W^T + b_dec (central differences), for the
    sigmoid and the linear activation."""
    dout = fill(inputs["x"].shape, seed)
    check_backward(student.tied_autoencoder_forward, student.tied_autoencoder_backward,
                   {**inputs, "activation": activation}, AE_NAMES, dout,
                   truth=true_autoencoder)


@graded(points=2, function="tied_autoencoder_backward")
@through
@given(inputs=autoencoder_inputs(), activation=ACTIVATIONS, seed=SEEDS)
def test_tied_dW_sums_encoder_and_decoder_paths(student, inputs, activation, seed):
    """The tied model has ONE weight matrix W (D, K): D*K weights, half the 2*D*K of an
    untied autoencoder (encoder W_enc (D, K) plus decoder W_dec (K, D)). Its gradient is the
    sum of the untied gradients: dW = dW_enc + dW_dec^T (seed 001 Q6: decoder = W^T)."""
    x, W = inputs["x"], inputs["W"]
    dout = fill(x.shape, seed)
    _, cache = working_forward(student.tied_autoencoder_forward,
                               {**inputs, "activation": activation}, x.shape)
    grads = expect_tuple(student.tied_autoencoder_backward(dout, cache), 4,
                         "tied_autoencoder_backward()")
    dW = grads[1]
    assert type(dW) is np.ndarray and dW.shape == W.shape, (
        f"dW should have W's shape {W.shape}: a tied autoencoder has D*K = {W.size} weights, "
        f"half the {2 * W.size} of an untied one; got "
        f"{dW.shape if type(dW) is np.ndarray else type(dW).__name__}")
    dW = expect_array(dW, "dW", like=W)
    G_enc, G_dec = untied_gradients(x, W, inputs["b_enc"], dout, activation)
    if not np.allclose(dW, G_enc + G_dec.T, rtol=1e-9, atol=1e-12):
        if np.allclose(dW, G_dec.T, rtol=1e-9, atol=1e-12):
            raise AssertionError("dW holds only the decoder path's gradient (dout^T h): W is "
                                 "also the encoder's weight, add the encoder path x^T da")
        if np.allclose(dW, G_enc, rtol=1e-9, atol=1e-12):
            raise AssertionError("dW holds only the encoder path's gradient (x^T da): W^T is "
                                 "also the decoder's weight, add the decoder path dout^T h")
    assert_close(dW, G_enc + G_dec.T, "dW = encoder path x^T da + decoder path dout^T h",
                 rtol=1e-9, atol=1e-12)


@graded(points=2, function="tied_autoencoder_forward")
@given(data=pca_data(), seed=SEEDS)
def test_linear_tied_autoencoder_reaches_pca_error(student, data, seed):
    """A linear tied autoencoder with k hidden units reconstructs with a mean squared error
    of exactly sum(lam[k:]), the discarded eigenvalues, when W holds the top-k eigenvectors
    of the covariance, b_enc = -mean W and b_dec = mean; no other W (orthonormal or not,
    any biases) does better (Eckart-Young: x W W^T + c has rank <= k)."""
    X, k, lam, Q, m = data
    best = float(np.sum(lam[k:]))
    W = Q[:, :k]
    inputs = {"x": X, "W": W, "b_enc": -m @ W, "b_dec": m}
    rng = np.random.default_rng(seed)
    D = X.shape[1]
    W_orth, _ = np.linalg.qr(rng.standard_normal((D, k)))
    others = [("a random orthonormal W with its best biases",
               {"x": X, "W": W_orth, "b_enc": -m @ W_orth, "b_dec": m}),
              ("a random W with random biases",
               {"x": X, "W": rng.standard_normal((D, k)), "b_enc": rng.standard_normal(k),
                "b_dec": m + rng.standard_normal(D)})]
    outs = values_in_order(student.tied_autoencoder_forward, [
        ((), {**kwargs, "activation": "linear"}) for kwargs in [inputs] + [o for _, o in others]])
    out, _ = forward_output(next(outs), "tied_autoencoder_forward", X.shape)
    assert_close(reconstruction_error(X, out), best,
                 "mean squared reconstruction error of the linear tied autoencoder with W = "
                 "top-k eigenvectors (should be the sum of the discarded eigenvalues)",
                 rtol=1e-9, atol=1e-12)
    for (what, _), value in zip(others, outs):
        out, _ = forward_output(value, "tied_autoencoder_forward", X.shape)
        error = reconstruction_error(X, out)
        assert error >= best * (1 - 1e-9), (
            f"with {what} the linear tied autoencoder reconstructs with error {error:.10g}, "
            f"below PCA's optimum {best:.10g}: its output is not (x W + b_enc) W^T + b_dec")


# --- PCA ----------------------------------------------------------------------------------


@graded(points=2, function="pca")
@given(data=pca_data())
def test_pca_eigenpairs(student, data):
    """pca returns all D eigenvalues of the 1/N covariance in descending order, and k
    orthonormal components with covariance @ component_j = eigenvalue_j component_j for
    the k largest eigenvalues (any sign)."""
    X, k, lam, Q, _ = data
    components, eigenvalues = run_pca(student, X, k)
    covariance = (Q * lam) @ Q.T  # = (X - m)^T (X - m) / N
    tol = 1e-9 * lam[0]
    assert np.all(np.diff(eigenvalues) <= tol), (
        f"eigenvalues should be in descending order, got {eigenvalues}")
    assert_close(eigenvalues, lam, "eigenvalues of the covariance (X - mean)^T (X - mean) / N",
                 rtol=1e-9, atol=tol)
    assert_close(components.T @ components, np.eye(k), "components^T components (should be "
                 "the identity: orthonormal columns)", rtol=0, atol=1e-9)
    assert_close(covariance @ components, components * lam[:k], "covariance @ components "
                 "(should be components * the k largest eigenvalues)", rtol=0, atol=tol)


@graded(points=3, function="pca")
@given(data=pca_data(), seed=SEEDS)
def test_pca_reconstruction_error_is_discarded_variance(student, data, seed):
    """Used as the weights of a linear tied autoencoder (W = components, b_enc = -mean W,
    b_dec = mean), pca's components reconstruct X with a mean squared error equal to the sum
    of its discarded eigenvalues eigenvalues[k:], the best any k-dimensional code can do: a
    random orthonormal W does no better."""
    X, k, lam, _, _ = data
    components, eigenvalues = run_pca(student, X, k)
    mean = X.mean(axis=0)
    error = reconstruction_error(X, true_autoencoder(X, components, -mean @ components, mean,
                                                     activation="linear"))
    best = float(np.sum(lam[k:]))
    assert_close(float(np.sum(eigenvalues[k:])), best,
                 "the sum of the discarded eigenvalues eigenvalues[k:]", rtol=1e-9, atol=1e-12)
    assert_close(error, best, "the mean squared reconstruction error with W = your "
                 "components (should be the sum of the discarded eigenvalues)", rtol=1e-9,
                 atol=1e-12)
    W, _ = np.linalg.qr(np.random.default_rng(seed).standard_normal((X.shape[1], k)))
    random_error = reconstruction_error(X, true_autoencoder(X, W, -mean @ W, mean,
                                                            activation="linear"))
    assert random_error >= error * (1 - 1e-9), (
        f"a random orthonormal W reconstructs better ({random_error:.10g}) than your "
        f"components ({error:.10g})")


# --- KL divergences -----------------------------------------------------------------------


@graded(points=2, function="kl_gaussians")
@given(params=gaussian_params(), seed=SEEDS)
def test_kl_gaussians_nonnegative_zero_iff_equal(student, params, seed):
    """KL(p || q) is 0 when p == q and > 0 whenever the means or the standard deviations
    differ (by at least 0.05 in mu or 5% in sigma here)."""
    mu, sigma = params
    rng = np.random.default_rng(seed)
    which = rng.integers(0, 3, mu.shape)  # 0: mean differs, 1: sigma differs, 2: both
    sign = rng.choice([-1.0, 1.0], size=(2,) + mu.shape)
    mu2 = mu + np.where(which != 1, sign[0] * rng.uniform(0.05, 2.0, mu.shape), 0.0)
    sigma2 = sigma * np.exp(np.where(which != 0, sign[1] * rng.uniform(0.05, 1.0, mu.shape),
                                     0.0))
    kls = values_in_order(student.kl_gaussians, [((mu, sigma, mu.copy(), sigma.copy()), {}),
                                                 ((mu, sigma, mu2, sigma2), {})])
    same = expect_array(next(kls), "kl_gaussians(mu, sigma, mu, sigma)", like=mu)
    assert_close(same, np.zeros_like(mu), "KL(p || p)", rtol=0, atol=1e-12)
    kl = expect_array(next(kls), "kl_gaussians()", like=mu)
    bad = np.argwhere(~(kl > 0))
    if bad.size:
        i = tuple(int(j) for j in bad[0])
        raise AssertionError(
            f"KL(N({mu[i]:.6g}, {sigma[i]:.6g}^2) || N({mu2[i]:.6g}, {sigma2[i]:.6g}^2)) "
            f"should be > 0 (the distributions differ), got {kl[i]:.10g}")


@graded(points=2, function="kl_gaussians")
@given(p=gaussian_params(), seed=SEEDS)
def test_kl_gaussians_closed_form(student, p, seed):
    """kl_gaussians(mu1, sigma1, mu2, sigma2) = log(sigma2 / sigma1)
    + (sigma1^2 + (mu1 - mu2)^2) / (2 sigma2^2) - 1/2, element-wise; the sigmas are standard
    deviations, not variances."""
    mu1, sigma1 = p
    mu2, sigma2 = fill(mu1.shape, seed, -3, 3), fill(mu1.shape, seed + 1, 0.2, 3)
    kl = expect_array(student.kl_gaussians(mu1, sigma1, mu2, sigma2), "kl_gaussians()",
                      like=mu1)
    assert_close(kl, true_kl_gaussians(mu1, sigma1, mu2, sigma2),
                 "KL(N(mu1, sigma1^2) || N(mu2, sigma2^2))", rtol=1e-9, atol=1e-10)


@graded(points=1, function="kl_gaussians")
@given(p=gaussian_params(), seed=SEEDS)
def test_kl_gaussians_not_symmetric(student, p, seed):
    """KL is not a distance: for sigma1 != sigma2, KL(p || q) != KL(q || p), and each
    direction has its own closed form (the first argument is the distribution the
    expectation is taken under).

    With r = sigma1 / sigma2 and d = mu1 - mu2, KL(p||q) - KL(q||p) = (r^2 - 1/r^2) / 2
    - 2 log r + d^2 (1/sigma2^2 - 1/sigma1^2) / 2; both parts have the sign of log r, the
    first is strictly increasing in r, so |difference| >= sinh(0.2) - 0.2 > 1e-3 for
    |log r| >= 0.1 as here."""
    mu1, sigma1 = p
    rng = np.random.default_rng(seed)
    mu2 = fill(mu1.shape, seed, -3, 3)
    sigma2 = sigma1 * np.exp(rng.choice([-1.0, 1.0], mu1.shape)
                             * rng.uniform(0.1, 1.0, mu1.shape))
    kls = values_in_order(student.kl_gaussians, [((mu1, sigma1, mu2, sigma2), {}),
                                                 ((mu2, sigma2, mu1, sigma1), {})])
    forward = expect_array(next(kls), "KL(p || q)", like=mu1)
    reverse = expect_array(next(kls), "KL(q || p)", like=mu1)
    assert_close(forward, true_kl_gaussians(mu1, sigma1, mu2, sigma2),
                 "KL(p || q) = kl_gaussians(mu1, sigma1, mu2, sigma2)", rtol=1e-9, atol=1e-10)
    assert_close(reverse, true_kl_gaussians(mu2, sigma2, mu1, sigma1),
                 "KL(q || p) = kl_gaussians(mu2, sigma2, mu1, sigma1)", rtol=1e-9, atol=1e-10)
    assert np.all(np.abs(forward - reverse) > 1e-3), "KL(p || q) should differ from KL(q || p)"


@graded(points=2, function="kl_standard_normal")
@given(latent=latent_inputs())
def test_kl_standard_normal_matches_kl_gaussians(student, latent):
    """kl_standard_normal's kl is kl_gaussians(mu, exp(logvar / 2), 0, 1) summed over the
    latent dimensions and averaged over the batch N; it is >= 0, and 0 with zero gradients
    at mu = 0, logvar = 0."""
    mu, logvar = latent
    N = mu.shape[0]
    zeros = np.zeros_like(mu)
    outs = values_in_order(student.kl_standard_normal,
                           [((mu, logvar), {}), ((zeros, zeros.copy()), {})])
    kl, _, _ = kl_standard_normal_output(next(outs), mu, logvar)
    terms = true_kl_gaussians(mu, np.exp(0.5 * logvar), 0.0, 1.0)
    expected = float(np.sum(terms) / N)
    assert kl >= 0, f"KL should be >= 0, got {kl}"
    if N > 1 and np.isclose(kl, N * expected, rtol=1e-9, atol=0):
        raise AssertionError(f"kl = {kl:.10g} is summed over the batch too: average it over "
                             f"the N = {N} examples (expected {expected:.10g})")
    if mu.size > N and np.isclose(kl, np.mean(terms), rtol=1e-9, atol=0):
        raise AssertionError(f"kl = {kl:.10g} is averaged over the latent dimensions too: "
                             f"sum over them, average only over N (expected {expected:.10g})")
    assert_close(kl, expected, "kl (sum over latent dims of KL(N(mu, exp(logvar)) || N(0, 1)),"
                 " mean over N)", rtol=1e-9, atol=1e-12)
    kl, dmu, dlogvar = kl_standard_normal_output(next(outs), zeros, zeros)
    assert_close(kl, 0.0, "kl at mu = 0, logvar = 0 (q = N(0, 1))", atol=1e-14)
    assert_close(dmu, np.zeros_like(mu), "dmu at mu = 0, logvar = 0", atol=1e-14)
    assert_close(dlogvar, np.zeros_like(mu), "dlogvar at mu = 0, logvar = 0", atol=1e-14)


@graded(points=2, function="kl_standard_normal")
@given(latent=latent_inputs())
def test_kl_standard_normal_gradcheck(student, latent):
    """dmu and dlogvar are the gradients of the KL term (summed over latent dims, averaged
    over N) with respect to mu and logvar (central differences)."""
    mu, logvar = latent
    _, dmu, dlogvar = run_kl_standard_normal(student, mu, logvar)
    scale = float(np.sum(np.abs(1.0 + logvar) + mu**2 + np.exp(logvar)) / mu.shape[0])
    check_gradient(lambda m: true_kl_standard_normal(m, logvar), mu, dmu, name="dmu",
                   scale=scale)
    check_gradient(lambda v: true_kl_standard_normal(mu, v), logvar, dlogvar, name="dlogvar",
                   scale=scale)


@graded(points=1, function="kl_standard_normal", contract="finite at extreme inputs",
        rules="finite")
@given(latent=latent_inputs(low=-1000.0, high=300.0).map(with_first_logvar(-1000.0)))
def test_kl_standard_normal_extreme_logvar(student, latent):
    """For logvar from -1000 (exp(logvar) underflows to 0) to 300, kl_standard_normal is
    finite, correct and emits no warnings: log sigma^2 is logvar itself, never
    log(exp(logvar))."""
    mu, logvar = latent
    result = assert_no_warnings(student.kl_standard_normal, mu, logvar)
    kl, dmu, dlogvar = expect_tuple(result.value, 3, "kl_standard_normal()")
    kl = expect_scalar(kl, f"kl at logvar down to {logvar.min():g}")
    expect_array(dmu, "dmu", like=mu)
    dlogvar = expect_array(dlogvar, "dlogvar", like=logvar)
    assert_close(kl, true_kl_standard_normal(mu, logvar), "kl at extreme logvar", rtol=1e-9)
    assert_close(dlogvar, 0.5 * np.expm1(logvar) / mu.shape[0], "dlogvar at extreme logvar",
                 rtol=1e-9, atol=1e-15)


# --- reparameterisation -------------------------------------------------------------------


@graded(points=2, function="reparameterize")
@given(latent=latent_inputs(low=-20.0, high=20.0), seed=SEEDS)
def test_reparameterize_formula(student, latent, seed):
    """z = mu + exp(logvar / 2) * eps exactly (to round-off): logvar is log sigma^2, so the
    standard deviation is exp(logvar / 2), not exp(logvar)."""
    mu, logvar = latent
    eps = np.random.default_rng(seed).standard_normal(mu.shape)
    z = expect_array(student.reparameterize(mu, logvar, eps), "z", like=mu)
    spread = np.exp(0.5 * logvar) * eps
    assert_close(z, mu + spread, "z = mu + exp(logvar / 2) * eps", rtol=0,
                 atol=1e-13 * (np.abs(mu) + np.abs(spread)) + 1e-300)


@graded(points=2, function="reparameterize_backward")
@given(latent=latent_inputs(), seed=SEEDS)
def test_reparameterize_backward_gradcheck(student, latent, seed):
    """reparameterize_backward(dz, mu, logvar, eps) returns (dmu, dlogvar), the gradients of
    sum(dz * (mu + exp(logvar / 2) * eps)): dmu = dz, dlogvar = dz * eps * exp(logvar / 2) / 2
    (central differences)."""
    mu, logvar = latent
    eps = np.random.default_rng(seed).standard_normal(mu.shape)
    dz = fill(mu.shape, seed + 1)
    dmu, dlogvar = expect_tuple(student.reparameterize_backward(dz, mu, logvar, eps), 2,
                                "reparameterize_backward()")
    dmu, dlogvar = expect_array(dmu, "dmu", like=mu), expect_array(dlogvar, "dlogvar", like=mu)
    scale = float(np.sum(np.abs(dz * mu) + np.abs(dz * np.exp(0.5 * logvar) * eps)))
    f_mu = projected(lambda m: true_reparameterize(m, logvar, eps), dz)
    f_logvar = projected(lambda v: true_reparameterize(mu, v, eps), dz)
    check_gradient(f_mu, mu, dmu, name="dmu", scale=scale)
    check_gradient(f_logvar, logvar, dlogvar, name="dlogvar", scale=scale)


# --- inputs left unchanged ----------------------------------------------------------------


def latent_with_noise(latent, seed):
    mu, logvar = latent
    eps = np.random.default_rng(seed).standard_normal(mu.shape)
    return {"mu": mu, "logvar": logvar, "eps": eps}


LATENT_WITH_NOISE = st.builds(latent_with_noise, latent_inputs(), SEEDS)
# each function's inputs (a backward pass: its forward's), and the test of its values that
# this contract test requires
UNCHANGED = {
    "tied_autoencoder_forward": ("test_tied_forward_formula", autoencoder_inputs()),
    "tied_autoencoder_backward": ("test_tied_backward_gradcheck", autoencoder_inputs()),
    "pca": ("test_pca_eigenpairs", pca_data().map(lambda data: {"X": data[0], "k": data[1]})),
    "kl_gaussians": ("test_kl_gaussians_closed_form", st.builds(
        lambda p, seed: {"mu1": p[0], "sigma1": p[1], "mu2": fill(p[0].shape, seed, -3, 3),
                         "sigma2": fill(p[1].shape, seed + 1, 0.2, 3)},
        gaussian_params(), SEEDS)),
    "kl_standard_normal": ("test_kl_standard_normal_matches_kl_gaussians", latent_inputs().map(
        lambda latent: {"mu": latent[0], "logvar": latent[1]})),
    "reparameterize": ("test_reparameterize_formula", LATENT_WITH_NOISE),
    "reparameterize_backward": ("test_reparameterize_backward_gradcheck", st.builds(
        lambda kwargs, seed: {"dz": fill(kwargs["mu"].shape, seed), **kwargs},
        LATENT_WITH_NOISE, SEEDS)),
}


@pytest.mark.parametrize("function", unchanged_params({n: v[0] for n, v in UNCHANGED.items()}))
@through
@given(data=st.data(), seed=SEEDS)
def test_inputs_unchanged(student, function, data, seed):
    """The function leaves every argument unchanged (it returns new arrays; pca centers a
    copy of X): a backward pass changes neither dout nor the cache of the forward pass."""
    assert_leaves_inputs(student, function, data.draw(UNCHANGED[function][1], label="inputs"),
                         seed, "tied_autoencoder_forward"
                         if function == "tied_autoencoder_backward" else None)
