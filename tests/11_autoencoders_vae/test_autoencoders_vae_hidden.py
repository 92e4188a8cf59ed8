"""Hidden graded tests for 11_autoencoders_vae: agreement with the reference solution, inputs
(and dout, the cache) left unchanged, and the closed-form KL against numerical integration
of its defining integral."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate

from autograder.checks import (
    SEEDS,
    assert_backward_matches,
    assert_close,
    assert_forward_matches,
    assert_inputs_unchanged,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    graded,
    hidden_params,
    through,
)


@st.composite
def autoencoder_kwargs(draw):
    """tied_autoencoder_forward's inputs: pre-activations of order 1, either activation."""
    n, d, k = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(st.integers(1, 4))
    seed = draw(SEEDS)
    scale = 1.5 / np.sqrt(d)
    return {"x": fill((n, d), seed, -2, 2), "W": fill((d, k), seed + 1, -scale, scale),
            "b_enc": fill((k,), seed + 2, -0.5, 0.5), "b_dec": fill((d,), seed + 3, -1, 1),
            "activation": draw(st.sampled_from(["sigmoid", "linear"]))}


@st.composite
def pca_kwargs(draw):
    """pca's inputs: X (N, D) with N >= D + 1, mean of magnitude >= 1 per feature, and a
    1/N covariance Q diag(lam) Q^T with distinct eigenvalues in [0.2, 10) at least 0.19
    apart, so the top-k subspace is well determined (see the public tests' pca_data)."""
    d = draw(st.integers(2, 5))
    n, k, seed = draw(st.integers(d + 1, 9)), draw(st.integers(1, d - 1)), draw(SEEDS)
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.standard_normal((n, d))]))
    Q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    lam = fill((d,), seed, 0.2, 10.0)
    X = (basis[:, 1:] * np.sqrt(n * lam)) @ Q.T + fill((d,), seed + 1, -5, 5,
                                                        min_magnitude=1.0)
    return {"X": X, "k": k}


@st.composite
def latent(draw, *names):
    """Arrays of one (N, Z) shape: mu, eps, dz in [-3, 3), logvar in [-3, 3) too."""
    n, z, seed = draw(st.integers(1, 4)), draw(st.integers(1, 5)), draw(SEEDS)
    return {name: fill((n, z), seed + i, -3, 3) for i, name in enumerate(names)}


@st.composite
def kl_gaussians_kwargs(draw):
    n, z, seed = draw(st.integers(1, 4)), draw(st.integers(1, 4)), draw(SEEDS)
    return {"mu1": fill((n, z), seed, -3, 3), "sigma1": fill((n, z), seed + 1, 0.2, 3),
            "mu2": fill((n, z), seed + 2, -3, 3), "sigma2": fill((n, z), seed + 3, 0.2, 3)}


INPUTS = {
    "kl_gaussians": kl_gaussians_kwargs(),
    "kl_standard_normal": latent("mu", "logvar"),
    "reparameterize": latent("mu", "logvar", "eps"),
    "reparameterize_backward": latent("dz", "mu", "logvar", "eps"),
}
RETURNS = {  # what each function returns, for readable messages
    "kl_gaussians": "kl",
    "kl_standard_normal": ("kl", "dmu", "dlogvar"),
    "reparameterize": "z",
    "reparameterize_backward": ("dmu", "dlogvar"),
}


def assert_matches(got, expected, names, function):
    """``got`` equals the reference's ``expected``: a float, an array or a tuple of them."""
    if isinstance(names, str):
        got, expected, names = (got,), (expected,), (names,)
    else:
        got = expect_tuple(got, len(names), f"{function}()")
    for g, e, name in zip(got, expected, names):
        what = f"{name} of {function}()"
        if isinstance(e, float):
            assert_close(expect_scalar(g, what), e, what, rtol=1e-9, atol=1e-12)
        else:
            assert_close(expect_array(g, what, like=e), e, what, rtol=1e-9, atol=1e-12)


@graded(points=1, function="tied_autoencoder_forward", visibility="hidden")
@given(kwargs=autoencoder_kwargs())
def test_tied_forward_matches_reference(student, reference, kwargs):
    """tied_autoencoder_forward agrees with the reference and leaves its inputs unchanged."""
    assert_forward_matches(student, reference, "tied_autoencoder_forward", kwargs)


@graded(points=1, function="tied_autoencoder_backward", visibility="hidden")
@through
@given(kwargs=autoencoder_kwargs(), seed=SEEDS)
def test_tied_backward_matches_reference(student, reference, kwargs, seed):
    """tied_autoencoder_backward agrees with the reference and leaves dout and the cache
    unchanged."""
    assert_backward_matches(student, reference, "tied_autoencoder_forward",
                            "tied_autoencoder_backward", kwargs, seed,
                            ("dx", "dW", "db_enc", "db_dec"))


@graded(points=1, function="pca", visibility="hidden")
@given(kwargs=pca_kwargs())
def test_pca_matches_reference(student, reference, kwargs):
    """pca agrees with the reference (eigenvalues; components up to sign, compared through
    the projector components components^T) and does not center X in place."""
    result = assert_inputs_unchanged(student.pca, **kwargs)
    components, eigenvalues = expect_tuple(result.value, 2, "pca()")
    expected_components, expected_eigenvalues = reference.pca(**kwargs)
    top = float(expected_eigenvalues[0])
    assert_close(expect_array(eigenvalues, "pca() eigenvalues", like=expected_eigenvalues),
                 expected_eigenvalues, "pca() eigenvalues", rtol=1e-9, atol=1e-9 * top)
    components = expect_array(components, "pca() components", like=expected_components)
    assert_close(components @ components.T, expected_components @ expected_components.T,
                 "the projector components @ components.T onto pca()'s subspace", rtol=0,
                 atol=1e-8)


@pytest.mark.parametrize("function", hidden_params(INPUTS, 1))
@given(data=st.data())
def test_matches_reference(student, reference, function, data):
    """The function agrees with the reference solution and leaves its inputs unchanged."""
    kwargs = data.draw(INPUTS[function], label="inputs")
    result = assert_inputs_unchanged(getattr(student, function), **kwargs)
    assert_matches(result.value, getattr(reference, function)(**kwargs), RETURNS[function],
                   function)


def kl_by_quadrature(mu1, sigma1, mu2, sigma2):
    """KL(p || q) = integral of p(x) (log p(x) - log q(x)) dx for p = N(mu1, sigma1^2),
    q = N(mu2, sigma2^2), by adaptive quadrature over mu1 +- 20 sigma1 (outside, the
    integrand is below e^-190). Log-densities are written out (scipy.stats' frozen
    distributions cost 100x more per point); the quadrature agrees with the closed form to
    about 1e-13 over the tested ranges, far inside the test's tolerance."""
    half_log_2pi = 0.5 * math.log(2 * math.pi)

    def integrand(x):
        log_p = -math.log(sigma1) - half_log_2pi - 0.5 * ((x - mu1) / sigma1) ** 2
        log_q = -math.log(sigma2) - half_log_2pi - 0.5 * ((x - mu2) / sigma2) ** 2
        return math.exp(log_p) * (log_p - log_q)

    value, _ = integrate.quad(integrand, mu1 - 20 * sigma1, mu1 + 20 * sigma1, points=[mu1],
                              epsabs=1e-13, epsrel=1e-11, limit=200)
    return value


@graded(points=2, function="kl_gaussians", visibility="hidden")
@given(n=st.integers(1, 3), seed=SEEDS)
def test_kl_gaussians_numerical_integration(student, n, seed):
    """kl_gaussians equals the KL integral int p log(p / q) dx, computed by numerical
    quadrature, for n pairs of Gaussians with mu in [-3, 3) and sigma in [0.2, 3)."""
    mu1, sigma1 = fill((n,), seed, -3, 3), fill((n,), seed + 1, 0.2, 3)
    mu2, sigma2 = fill((n,), seed + 2, -3, 3), fill((n,), seed + 3, 0.2, 3)
    kl = expect_array(student.kl_gaussians(mu1, sigma1, mu2, sigma2), "kl_gaussians()",
                      like=mu1)
    expected = np.array([kl_by_quadrature(*map(float, args))
                         for args in zip(mu1, sigma1, mu2, sigma2)])
    assert_close(kl, expected, "KL(p || q) against numerical integration of "
                 "int p(x) log(p(x) / q(x)) dx", rtol=1e-7, atol=1e-9)
