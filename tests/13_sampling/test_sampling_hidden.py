"""Hidden graded tests for 13_sampling: agreement with the reference solution's
probabilities and distributions, a wider range of Gaussians, and inputs left unchanged.

Statistical tests fail the reference with probability at most ALPHA = 2e-8 per Hypothesis
example (<= 1e-6 per test of 50 examples, union bound), as in the public tests."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import distributions as dist
from autograder.checks import (
    GRADING_EXAMPLES,
    SEEDS,
    assert_close,
    call_with_report,
    expect_array,
    expect_tuple,
    graded,
)

ALPHA = 1e-6 / GRADING_EXAMPLES


def binary_states(d):
    """All 2^d binary vectors (2^d, d); row i is the binary expansion of i."""
    return ((np.arange(2**d)[:, None] >> np.arange(d - 1, -1, -1)) & 1).astype(np.float64)


def state_index(x):
    return (x.astype(np.int64) << np.arange(x.shape[1] - 1, -1, -1)).sum(axis=1)


def bernoulli_table(p, states):
    """P(x = states[s] | row i) for independent Bernoulli(p[i, j]) units."""
    return np.prod(np.where(states[None] == 1, p[:, None, :], 1 - p[:, None, :]), axis=2)


def rbm(seed, D, H, weight=3.0, bias=2.0):
    rng = np.random.default_rng([seed, 17])
    return (rng.uniform(-weight, weight, (D, H)), rng.uniform(-bias, bias, D),
            rng.uniform(-bias, bias, H))


# --- the RBM conditionals and chain against the reference ---------------------------------

SAMPLERS = {"rbm_sample_h": "v", "rbm_sample_v": "h"}


@pytest.mark.parametrize("function", [
    pytest.param(name, marks=graded(1, name, "hidden"), id=name) for name in SAMPLERS])
@given(D=st.integers(1, 6), H=st.integers(1, 6), n=st.integers(1, 8), seed=SEEDS)
def test_rbm_probabilities_match_reference(student, reference, function, D, H, n, seed):
    """The conditional probabilities equal the reference solution's for real-valued
    inputs and weights of any shape, up to rounding, and the inputs are left unchanged."""
    W, b, c = rbm(seed, D, H, weight=5.0, bias=5.0)
    rng = np.random.default_rng([seed, 2])
    x = rng.uniform(-2, 2, (n, D if function == "rbm_sample_h" else H))
    bias = c if function == "rbm_sample_h" else b
    result = call_with_report(getattr(student, function), x, W, bias,
                              np.random.default_rng(seed))
    assert not result.mutated, (
        f"{function}() modified its input {', '.join(result.mutated)} in place; it must "
        f"leave its arguments unchanged")
    p, _ = expect_tuple(result.value, 2, f"{function}()")
    expected, _ = getattr(reference, function)(x, W, bias, np.random.default_rng(seed))
    assert_close(expect_array(p, f"the probabilities of {function}()", like=expected),
                 expected, f"the probabilities of {function}() (W of shape {W.shape})",
                 rtol=1e-9, atol=1e-14)


GROUPS, PER_GROUP = 4, 2500


@graded(points=2, function="rbm_gibbs_chain", visibility="hidden")
@given(D=st.integers(1, 3), H=st.integers(1, 3), steps=st.integers(1, 4), seed=SEEDS)
def test_rbm_chain_matches_reference_distribution(student, reference, D, H, steps, seed):
    """Chains started from 4 different v0 rows (2500 chains each, in one batch) end in
    states (v, h) distributed as the exact k-step distribution of each start, computed by
    enumerating all states with the reference solution's conditional probabilities.

    Within a group the chains are iid, so each state's count is Binomial(2500, p); every
    count is checked against its exact binomial band with ALPHA split over groups, states
    and tails."""
    W, b, c = rbm(seed, D, H)
    V, Hs = binary_states(D), binary_states(H)
    rng = np.random.default_rng(seed)
    h_given_v = bernoulli_table(reference.rbm_sample_h(V, W, c, rng)[0], Hs)
    v_given_h = bernoulli_table(reference.rbm_sample_v(Hs, W, b, rng)[0], V)
    starts = np.random.default_rng([seed, 3]).integers(0, 2 ** D, GROUPS)
    v0 = np.repeat(V[starts], PER_GROUP, axis=0)
    v, h = expect_tuple(student.rbm_gibbs_chain(v0, W, b, c, steps, np.random.default_rng(seed)),
                        2, "rbm_gibbs_chain()")
    v = expect_array(v, "the visible states of rbm_gibbs_chain()", shape=v0.shape)
    h = expect_array(h, "the hidden states of rbm_gibbs_chain()", shape=(len(v0), H))
    assert np.all((v == 0) | (v == 1)) and np.all((h == 0) | (h == 1)), (
        "rbm_gibbs_chain() should return binary states (0.0 or 1.0)")
    cells = 2 ** (D + H)
    level = ALPHA / (2 * GROUPS * cells)
    for group, start in enumerate(starts):
        rows = slice(group * PER_GROUP, (group + 1) * PER_GROUP)
        v_dist = np.eye(2**D)[start]
        for _ in range(steps - 1):
            v_dist = v_dist @ h_given_v @ v_given_h
        p = ((v_dist @ h_given_v)[:, None] * v_given_h).T.ravel()
        counts = np.bincount(state_index(v[rows]) * 2**H + state_index(h[rows]),
                             minlength=cells)
        low, high = dist.binom_ppf(level, PER_GROUP, p), dist.binom_isf(level, PER_GROUP, p)
        bad = np.flatnonzero((counts < low) | (counts > high))
        if bad.size:
            cell = bad[0]
            i, j = divmod(cell, 2**H)
            raise AssertionError(
                f"rbm_gibbs_chain(v0, W, b, c, steps={steps}, rng), W of shape {W.shape}: of "
                f"the {PER_GROUP} chains started at v0 = {V[start]}, {counts[cell]} ended in "
                f"v = {V[i]}, h = {Hs[j]}, expected {PER_GROUP * p[cell]:.1f} (band "
                f"[{low[cell]:.0f}, {high[cell]:.0f}]): each row of v0 is its own chain; "
                f"each step samples h from the current v, then v from the new h")


# --- gibbs_bivariate_normal on a wide range of Gaussians ----------------------------------


@graded(points=1, function="gibbs_bivariate_normal", visibility="hidden")
@given(scale=st.tuples(st.floats(-3, 3), st.floats(-3, 3)), rho=st.floats(-0.999, 0.999),
       seed=SEEDS)
def test_gibbs_conditionals_wide_range(student, scale, rho, seed):
    """For standard deviations from 1e-3 to 1e3, |means| up to 1e3 and any |rho| < 0.999
    (including 0), the innovations of consecutive samples, (z1_k - rho z2_{k-1}) / a and
    (z2_k - rho z1_k) / a in standardized units (a = sqrt(1 - rho^2)), are iid N(0, 1):
    their sum of squares over 2n - 1 = 799 innovations passes the exact chi2(799) band."""
    s = 10.0 ** np.array(scale)
    mean = np.random.default_rng(seed).uniform(-1e3, 1e3, 2)
    cov = np.array([[s[0] ** 2, rho * s[0] * s[1]], [rho * s[0] * s[1], s[1] ** 2]])
    samples = expect_array(student.gibbs_bivariate_normal(mean, cov, 400, 10,
                                                          np.random.default_rng(seed)),
                           "gibbs_bivariate_normal()", shape=(400, 2))
    z = (samples - mean) / s
    a = np.sqrt(1 - rho**2)
    e = np.concatenate([(z[1:, 0] - rho * z[:-1, 1]) / a, (z[:, 1] - rho * z[:, 0]) / a])
    low, high = dist.chi2_ppf(ALPHA / 2, e.size), dist.chi2_isf(ALPHA / 2, e.size)
    statistic = float(np.sum(e * e))
    assert low <= statistic <= high, (
        f"gibbs_bivariate_normal(mean={mean}, cov={cov.tolist()}, n=400, burn_in=10): the "
        f"standardized residuals of the conditional draws have mean square "
        f"{statistic / e.size:.4g}, expected 1 (band [{low / e.size:.3f}, "
        f"{high / e.size:.3f}]): the conditional distributions are wrong for this Gaussian")
