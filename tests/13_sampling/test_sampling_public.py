"""Public graded tests for 13_sampling: released to students with the assignment.

Statistical tests and their error rates
---------------------------------------
The samplers are random, so most tests are statistical. Each compares the samples with
their EXACT distribution (derived in the test's docstring; no asymptotic approximation) and
fails the reference with probability at most ALPHA = 1e-6 / 50 = 2e-8 PER HYPOTHESIS
EXAMPLE, so at most 1e-6 per test of 50 examples (union bound). A test made of several
checks splits ALPHA between them (Bonferroni), and every band is two-sided unless stated.

- Gibbs sampling of N(mean, cov): the chain is linear and Gaussian. In standardized units
  z = (x - mean) / (s1, s2) with rho = cov[0, 1] / (s1 s2) and a = sqrt(1 - rho^2), a full
  step is z1' = rho z2 + a e1, z2' = rho z1' + a e2 with e1, e2 iid N(0, 1). So (i) the
  innovations e are iid N(0, 1) and can be read off consecutive samples; (ii) the state
  after t steps from the start z = 0 is exactly Gaussian with the covariance P_t of
  P_t = M P_{t-1} M^T + a^2 [[1, rho], [rho, 1 + rho^2]], M = [[0, rho], [0, rho^2]],
  P_0 = 0; (iii) each coordinate is an AR(1) chain with lag-1 correlation rho^2
  (z1'' = rho^2 z1' + (rho a e2' + a e1''), likewise z2), so successive samples are
  correlated, and bands for the sample mean and covariance account for it.
- RBM: with D + H <= 6 units all 2^(D+H) states can be enumerated, so the distribution of a
  chain's state after k steps is computed exactly from the transition matrix. The counts of
  N independent chains in each state are then exactly Binomial(N, p_state); the test
  accepts every count within its binomial quantiles at level ALPHA / (2 * number of
  states) per tail, a Bonferroni-corrected version of the chi-square goodness-of-fit test
  that is exact (the chi-square statistic's chi2 law is only asymptotic) and which the
  feedback also reports.
"""

import functools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import distributions as dist
from autograder.checks import (
    GRADING_EXAMPLES,
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    call_with_report,
    chain_outcomes,
    expect_array,
    expect_tuple,
    graded,
    unchanged_params,
    value_of,
    values_in_order,
)

ALPHA = 1e-6 / GRADING_EXAMPLES  # false-failure rate of a statistical test per example


# --- exact facts about the Gibbs chain of a bivariate normal ------------------------------


def standardize(samples, mean, cov):
    """(z, rho): samples in standardized units and the correlation of cov."""
    s = np.sqrt(np.diag(cov))
    return (samples - mean) / s, cov[0, 1] / (s[0] * s[1])


def state_covariances(rho, steps):
    """P_1, ..., P_steps (shape (steps, 2, 2)): the covariance of the standardized state
    after t full steps from z = 0, and M, the step's linear map (see the module docstring)."""
    M = np.array([[0.0, rho], [0.0, rho**2]])
    noise = (1 - rho**2) * np.array([[1.0, rho], [rho, 1 + rho**2]])
    P, out = np.zeros((2, 2)), np.empty((steps, 2, 2))
    for t in range(steps):
        P = M @ P @ M.T + noise
        out[t] = P
    return out, M


def log_mgf_second_moment(rho, n, burn_in, u, taus):
    """log E[exp(tau S_u)] for S_u = (1/n) sum_k (u . z_k)^2 over the n returned samples
    (the states after burn_in + 1, ..., burn_in + n steps from z = 0): an array of shape
    (len(u), len(taus)) for the directions u (rows of an (m, 2) array), +inf where the
    expectation is infinite. Exact, by a backward recursion over the steps:

    With s_t = M s_{t-1} + L e_t (L = a [[1, 0], [rho, 1]], L L^T the step's noise
    covariance), E[exp(tau sum_{j >= t} s_j^T A_j s_j) | s_{t-1}] = exp(s_{t-1}^T K s_{t-1} +
    g) for A_j = u u^T / n on the returned steps (else 0). For y ~ N(m, L L^T) and a
    symmetric Q with S = I - 2 L^T Q L positive definite,
    E[exp(y^T Q y)] = det(S)^(-1/2) exp(m^T (Q + 2 Q L S^-1 L^T Q) m); with Q = tau A_t + K
    and m = M s_{t-1} this gives the next K and g. M^T X M = (w^T X w) e2 e2^T with
    w = (rho, rho^2), so K = k e2 e2^T is one number per (u, tau). The start s_0 = 0 leaves
    log E[exp(tau S_u)] = g."""
    a2, w1, w2 = 1 - rho**2, rho, rho**2
    u1, u2, taus = u[:, :1], u[:, 1:], taus[None, :]
    shape = (len(u), taus.size)
    k, g, valid = np.zeros(shape), np.zeros(shape), np.ones(shape, dtype=bool)
    for step in range(burn_in + n, 0, -1):
        weight = taus / n if step > burn_in else 0.0 * taus
        q11, q12, q22 = weight * u1 * u1, weight * u1 * u2, weight * u2 * u2 + k
        s11 = 1 - 2 * a2 * (q11 + 2 * rho * q12 + rho * rho * q22)  # S = I - 2 L^T Q L
        s12 = -2 * a2 * (q12 + rho * q22)
        s22 = 1 - 2 * a2 * q22
        det = s11 * s22 - s12 * s12
        valid &= (s11 > 0) & (det > 0)
        det = np.where(valid, det, 1.0)
        p1 = (q11 + rho * q12) * w1 + (q12 + rho * q22) * w2  # (Q L)^T w / a
        p2 = q12 * w1 + q22 * w2
        k = (q11 * w1 * w1 + 2 * q12 * w1 * w2 + q22 * w2 * w2
             + 2 * a2 * (s22 * p1 * p1 - 2 * s12 * p1 * p2 + s11 * p2 * p2) / det)
        k = np.where(valid, k, 0.0)
        g -= 0.5 * np.log(det)
    return np.where(valid, g, np.inf)


def second_moment_bands(rho, n, burn_in, u, alpha):
    """(low, high), arrays over the directions u, with P(S_u < low) <= alpha/2 and
    P(S_u > high) <= alpha/2 for the S_u of log_mgf_second_moment, by Chernoff bounds:
    P(S >= q) <= exp(-tau q + F(tau)) and P(S <= q) <= exp(tau q + F(-tau)) for every
    tau > 0 (F = log E[exp(tau S)]). Each holds for EVERY tau, so the best tau of a grid
    gives a valid (slightly conservative) band."""
    grid = np.geomspace(1e-2, 1e5, 200)
    log_tail = np.log(2 / alpha)
    F = log_mgf_second_moment(rho, n, burn_in, u, np.concatenate([grid, -grid]))
    high = np.min((F[:, :grid.size] + log_tail) / grid, axis=1)
    low = np.max((-F[:, grid.size:] - log_tail) / grid, axis=1)
    return low, high


# --- inputs -------------------------------------------------------------------------------


@st.composite
def gaussians(draw, rho):
    """(mean, cov): mean in [-5, 5]^2, standard deviations s1, s2 a factor 2..4 apart (in
    either order; so rho s1/s2 differs from rho and from rho s2/s1), the smaller in
    [0.3, 1.5], and the correlation drawn from ``rho``."""
    rng = np.random.default_rng(draw(SEEDS))
    small, ratio = draw(st.floats(0.3, 1.5)), draw(st.floats(2.0, 4.0))
    s1, s2 = (small, small * ratio) if draw(st.booleans()) else (small * ratio, small)
    r = draw(rho)
    cov = np.array([[s1 * s1, r * s1 * s2], [r * s1 * s2, s2 * s2]])
    return rng.uniform(-5.0, 5.0, 2), cov


# |rho| in [0.3, 0.9] with either sign: far enough from 0 that conditioning matters
MODERATE_RHO = st.floats(0.3, 0.9).flatmap(lambda r: st.sampled_from([r, -r]))


def gibbs(student, mean, cov, n, burn_in, rng):
    """Call gibbs_bivariate_normal and check it returns a finite float64 (n, 2) array."""
    return gibbs_output(student.gibbs_bivariate_normal(mean, cov, n, burn_in, rng), n, burn_in)


def gibbs_output(samples, n, burn_in):
    """What gibbs_bivariate_normal returned, checked to be a finite float64 (n, 2) array."""
    return expect_array(samples, f"gibbs_bivariate_normal(mean, cov, n={n}, "
                        f"burn_in={burn_in}, rng)", shape=(n, 2))


def fmt(array):
    """An array on one line, 4 significant digits."""
    return np.array2string(np.asarray(array), precision=4).replace("\n", "")


def describe(mean, cov):
    return f"mean={fmt(mean)}, cov={fmt(cov)}"


# --- gibbs_bivariate_normal: contract -----------------------------------------------------


@graded(points=1, function="gibbs_bivariate_normal", requires="test_gibbs_exact_conditionals")
@given(target=gaussians(MODERATE_RHO), n=st.integers(1, 30), burn_in=st.integers(0, 30),
       seed=SEEDS)
def test_gibbs_shape(student, target, n, burn_in, seed):
    """gibbs_bivariate_normal returns n samples, an (n, 2) float64 array, whatever the
    burn-in: the burn_in discarded states are not returned."""
    gibbs(student, *target, n, burn_in, np.random.default_rng(seed))


@graded(points=1, function="gibbs_bivariate_normal")
@given(target=gaussians(MODERATE_RHO), n=st.integers(5, 30), burn_in=st.integers(0, 10),
       seed=SEEDS, other=SEEDS)
def test_gibbs_reproducible(student, target, n, burn_in, seed, other):
    """The samples come from rng only: the same seed gives the same samples, another seed
    other samples, and the call advances rng (a second call continues the stream). Equal
    samples from different streams have probability 0 for continuous draws."""
    rng = np.random.default_rng(seed)  # the last call's, to see it advance
    seeds = [seed, seed] + ([other] if other != seed else [])
    generators = [np.random.default_rng(s) for s in seeds] + [rng]
    outs = values_in_order(student.gibbs_bivariate_normal,
                           [((*target, n, burn_in, g), {}) for g in generators])
    first, again = gibbs_output(next(outs), n, burn_in), gibbs_output(next(outs), n, burn_in)
    assert np.array_equal(first, again), (
        f"gibbs_bivariate_normal gave different samples for two generators with the same "
        f"seed {seed}: draw only from the rng argument, not from np.random")
    if other != seed:
        different = gibbs_output(next(outs), n, burn_in)
        assert not np.array_equal(first, different), (
            f"gibbs_bivariate_normal gave the same samples for seeds {seed} and {other}: use "
            f"the rng argument, do not make your own generator")
    gibbs_output(next(outs), n, burn_in)
    assert rng.bit_generator.state != np.random.default_rng(seed).bit_generator.state, (
        "gibbs_bivariate_normal did not draw from its rng argument (it did not advance)")


# --- gibbs_bivariate_normal: the distribution ---------------------------------------------


@graded(points=3, function="gibbs_bivariate_normal")
@given(target=gaussians(MODERATE_RHO), n=st.integers(300, 500), burn_in=st.integers(0, 20),
       seed=SEEDS)
def test_gibbs_exact_conditionals(student, target, n, burn_in, seed):
    """Each step draws x1 from N(mu1 + rho (s1/s2)(x2 - mu2), s1^2 (1 - rho^2)) given the
    current x2, then x2 from N(mu2 + rho (s2/s1)(x1 - mu1), s2^2 (1 - rho^2)) given the new
    x1 (the conditional, not the marginal, variance; the conditional mean scaled by
    rho s1/s2).

    Test: in standardized units the innovations e1_k = (z1_k - rho z2_{k-1}) / a
    (k = 1..n-1) and e2_k = (z2_k - rho z1_k) / a (k = 0..n-1), a = sqrt(1 - rho^2), are
    exactly iid N(0, 1) for the correct sampler, whatever its start and burn-in. So
    sum e1^2 ~ chi2(n-1), sum e2^2 ~ chi2(n), sum e1 ~ N(0, n-1), sum e2 ~ N(0, n); each
    of the four checks gets ALPHA/4. Power: the mean square of the innovations must lie in
    [0.59, 1.55] for n = 300 ([0.67, 1.42] for n = 500). The marginal variance s^2 in a
    conditional makes it 1/(1 - rho^2): caught for |rho| >= 0.6. A conditional mean with
    the slope rho k instead of rho s1/s2 (k = 1 or s2/s1, the ratio s2/s1 being 2..4 or
    1/4..1/2) adds rho (k s2/s1 - 1) z2 / a to e1, |k s2/s1 - 1| >= 1/2: about
    1 + rho^2 / (4 (1 - rho^2)) times the variance or more, caught for |rho| >~ 0.85 in the
    worst case (s2/s1 = 2, k = 1), much earlier for the others. With the variance instead
    of the standard deviation, var(e1) and var(e2) are multiplied by s1^2 (1 - rho^2) and
    s2^2 (1 - rho^2), which differ by a factor >= 4, so at least one is >= 2 or <= 1/2. A
    parallel update of x2 from the old x1, or an uncentred conditioning variable, leaves
    large terms in e2 or e1."""
    mean, cov = target
    samples = gibbs(student, mean, cov, n, burn_in, np.random.default_rng(seed))
    z, rho = standardize(samples, mean, cov)
    a = np.sqrt(1 - rho**2)
    innovations = {"x1 | x2": (z[1:, 0] - rho * z[:-1, 1]) / a,
                   "x2 | x1": (z[:, 1] - rho * z[:, 0]) / a}
    for name, e in innovations.items():
        m = e.size
        low, high = dist.chi2_ppf(ALPHA / 8, m), dist.chi2_isf(ALPHA / 8, m)
        ratio = float(np.sum(e * e))
        z_bound = dist.normal_isf(ALPHA / 8) * np.sqrt(m)
        assert low <= ratio <= high, (
            f"the draws of {name} in gibbs_bivariate_normal({describe(mean, cov)}, n={n}, "
            f"burn_in={burn_in}) do not have the conditional variance: the residuals "
            f"x1 - E[x1 | x2] of consecutive samples have {ratio / m:.4g} times the variance "
            f"s^2 (1 - rho^2) (expected 1, chi-square band [{low / m:.3f}, {high / m:.3f}]). "
            f"Use the conditional variance s1^2 (1 - rho^2), not s1^2, and the conditional "
            f"mean mu1 + rho (s1 / s2) (x2 - mu2) given the CURRENT x2 (likewise for x2 "
            f"given the NEW x1)")
        total = float(np.sum(e))
        assert abs(total) <= z_bound, (
            f"the draws of {name} in gibbs_bivariate_normal({describe(mean, cov)}, n={n}, "
            f"burn_in={burn_in}) are off-centre: the residuals (x - E[x | other]) / sd have "
            f"mean {total / m:.4g}, expected 0 (within {z_bound / m:.4g}). The conditional "
            f"mean of x1 is mu1 + rho (s1 / s2) (x2 - mu2)")


@graded(points=2, function="gibbs_bivariate_normal")
@given(target=gaussians(MODERATE_RHO), n=st.integers(300, 500), seed=SEEDS)
def test_gibbs_sample_mean(student, target, n, seed):
    """The sample mean of the chain lies within a band around `mean` that accounts for the
    chain's autocorrelation.

    Math: each standardized coordinate is an AR(1) chain with lag-1 correlation phi = rho^2
    (module docstring). A stationary AR(1) chain of unit variance has
    Var(mean of n) = (1/n) [(1 + phi)/(1 - phi) - 2 phi (1 - phi^n) / (n (1 - phi)^2)]
    (the sum of phi^|i-j| / n^2), up to (1 + phi)/(1 - phi) = 9.5 times the iid variance
    1/n. Started at z = 0 instead (the docstring's start, with any burn-in) the sample mean
    is still exactly Gaussian with mean 0 and a variance no larger: the stationary chain is
    the started one plus M^t z_0 with z_0 ~ N(0, R) independent of the draws. So
    |mean(z_i)| <= norm.isf(ALPHA/4) sqrt(Var) fails the reference with probability
    <= ALPHA/2 for each coordinate. Burn-in 50 (|rho| <= 0.9) shrinks the effect of another
    start within 20 standard deviations to below 20 * 0.81^50 = 5e-4. Power: a conditional
    mean that forgets to centre x2 (mu1 + rho s1/s2 x2) shifts the stationary mean by
    |rho s1/s2 mu2| / (1 - rho^2), many bands away for |mu| >= 1."""
    mean, cov = target
    samples = gibbs(student, mean, cov, n, 50, np.random.default_rng(seed))
    z, rho = standardize(samples, mean, cov)
    phi = rho**2
    variance = ((1 + phi) / (1 - phi) - 2 * phi * (1 - phi**n) / (n * (1 - phi) ** 2)) / n
    bound = dist.normal_isf(ALPHA / 4) * np.sqrt(variance)
    s = np.sqrt(np.diag(cov))
    for i in range(2):
        got = float(np.mean(z[:, i]))
        assert abs(got) <= bound, (
            f"the sample mean of x{i + 1} over n={n} Gibbs samples of N({describe(mean, cov)}) "
            f"(burn-in 50) is {samples[:, i].mean():.4f}, expected {mean[i]:.4f} within "
            f"{bound * s[i]:.4f} (AR(1) band with lag correlation rho^2 = {phi:.3f}). Check "
            f"the conditional means mu + rho (s1 / s2) (x2 - mu2)")


COVARIANCE_N, COVARIANCE_BURN_IN = 300, 50
DIRECTIONS = {"x1": np.array([1.0, 0.0]), "x2": np.array([0.0, 1.0]),
              "x1 + x2": np.array([1.0, 1.0]) / np.sqrt(2),
              "x1 - x2": np.array([1.0, -1.0]) / np.sqrt(2)}


@functools.cache
def covariance_bands(rho):
    """For each direction u of DIRECTIONS: (low, high, expected) with
    P(low <= S_u <= high) >= 1 - ALPHA/4, S_u = mean_k (u . z_k)^2 over the samples, and
    its exact expectation mean_k u^T P_k u."""
    u = np.array(list(DIRECTIONS.values()))
    P = state_covariances(rho, COVARIANCE_BURN_IN + COVARIANCE_N)[0][COVARIANCE_BURN_IN:]
    low, high = second_moment_bands(rho, COVARIANCE_N, COVARIANCE_BURN_IN, u, ALPHA / 4)
    expected = np.einsum("di,kij,dj->d", u, P, u) / COVARIANCE_N
    return {name: (low[i], high[i], expected[i]) for i, name in enumerate(DIRECTIONS)}


@graded(points=2, function="gibbs_bivariate_normal")
@given(target=gaussians(st.sampled_from([-0.9, -0.6, 0.6, 0.75, 0.9])), seed=SEEDS)
def test_gibbs_sample_covariance(student, target, seed):
    """The second moments of n = 300 samples (burn-in 50) around `mean` match cov, within
    bands that account for the chain's autocorrelation.

    Math: in standardized units, for u in {e1, e2, (1,1)/sqrt2, (1,-1)/sqrt2} the statistic
    S_u = mean_k (u . z_k)^2 estimates u^T R u (1, 1, 1 + rho, 1 - rho; together they fix
    the whole covariance). The samples are exactly Gaussian (start z = 0, see the module
    docstring), so S_u is a Gaussian quadratic form whose moment generating function the
    linear recursion of the chain gives exactly (log_mgf_second_moment); Chernoff bounds
    give each band at ALPHA/4 (second_moment_bands). Burn-in 50 makes another start within
    20 standard deviations irrelevant (its effect decays as |rho|^(2t) <= 0.81^50 = 3e-5).
    Power: the marginal variance in the conditionals gives the stationary variance
    1/(1 - rho^2) = 2.3 or 5.3 at |rho| = 0.75 or 0.9, above the bands of x1 and x2 (upper
    ends 2.0 and 2.9); a parallel update of x2 from the OLD x1 gives correlation 0, so the
    mean square of (x1 - sign(rho) x2)/sqrt2 is 1 instead of 1 - |rho|, above its band
    (upper end 0.65 at |rho| = 0.6) for every |rho| tested."""
    mean, cov = target
    samples = gibbs(student, mean, cov, COVARIANCE_N, COVARIANCE_BURN_IN,
                    np.random.default_rng(seed))
    z, rho = standardize(samples, mean, cov)
    bands = covariance_bands(round(rho, 12))
    for name, u in DIRECTIONS.items():
        low, high, expected = bands[name]
        got = float(np.mean((z @ u) ** 2))
        assert low <= got <= high, (
            f"the sample covariance of {COVARIANCE_N} Gibbs samples of N({describe(mean, cov)}) "
            f"(burn-in {COVARIANCE_BURN_IN}) is wrong: in standardized units the mean square "
            f"of {name} is {got:.4f}, expected {expected:.4f} within [{low:.4f}, {high:.4f}] "
            f"(sample covariance about the mean: "
            f"{fmt((samples - mean).T @ (samples - mean) / len(samples))}). "
            f"Use the conditional variances s^2 (1 - rho^2) and condition each draw on the "
            f"other variable's CURRENT value")


BURN_IN_CHAINS, BURN_IN = 20, 300
# |rho| close to 1: the chain mixes slowly, so a state right after the start is far from
# stationary, while 0.985^(2 * 300) < 1.2e-4 makes any reasonable start irrelevant by step 300
HIGH_RHO = st.floats(0.98, 0.985).flatmap(lambda r: st.sampled_from([r, -r]))


@graded(points=2, function="gibbs_bivariate_normal")
@given(target=gaussians(HIGH_RHO), seed=SEEDS)
def test_gibbs_burn_in(student, target, seed):
    """The first burn_in steps are discarded: with burn_in=300 and n=1, independent chains
    (20 calls, one rng) give states distributed as N(mean, cov), not like the states right
    after the start. Independent chains avoid the autocorrelation of a single chain.

    Math: in standardized units the returned state of each chain is exactly N(0, P) with
    P = P_301, the covariance after 301 steps from z = 0 (module docstring; P = R up to
    rho^600 < 1.2e-4, so another start within 20 standard deviations shifts the state by
    < 3e-3). Along each eigenvector u of P (eigenvalue l), sum_k (u . z_k)^2 / l ~
    chi2(20); the sum of the states is N(0, 20 P), so (sum z)^T P^-1 (sum z) / 20 ~
    chi2(2). Each tail of the two chi2(20) checks and the (one-sided) mean check get
    ALPHA/5. Power: a sampler that returns the state after the first step (burn-in not
    discarded) has, along the long axis (1, sign rho), variance
    (1 - rho^2)(2 + 2|rho| + rho^2) / 2 <= 0.098 instead of 1 + |rho| >= 1.98 (|rho| in
    [0.98, 0.985]), a ratio <= 0.049, and 0.049 chi2(20) falls below
    chi2.ppf(ALPHA/5, 20) = 1.40 with probability >= 0.90 per example; the marginal
    variance in the conditionals multiplies the variance by about 1/(1 - rho^2) > 25."""
    mean, cov = target
    # one rng for all chains: each call goes on from the rng as the call before left it
    outcomes = chain_outcomes(student.gibbs_bivariate_normal,
                              [((mean, cov, 1, BURN_IN, np.random.default_rng(seed)), {})]
                              * BURN_IN_CHAINS, feed={4: None})
    states = []
    for outcome in outcomes:
        states.append(gibbs_output(value_of(outcome), 1, BURN_IN)[0])
    states = np.array(states)
    z, rho = standardize(states, mean, cov)
    P = state_covariances(rho, BURN_IN + 1)[0][-1]
    eigenvalues, eigenvectors = np.linalg.eigh(P)
    low = dist.chi2_ppf(ALPHA / 5, BURN_IN_CHAINS)
    high = dist.chi2_isf(ALPHA / 5, BURN_IN_CHAINS)
    for l, u in zip(eigenvalues, eigenvectors.T):
        ratio = float(np.sum((z @ u) ** 2) / l)
        hint = ("too small: with |rho| close to 1 the chain moves slowly from its start at "
                "x = mean, so return the states AFTER the burn_in discarded steps"
                if ratio < low else
                "too large: draw each variable with its conditional variance s^2 (1 - rho^2)")
        assert low <= ratio <= high, (
            f"{BURN_IN_CHAINS} independent calls gibbs_bivariate_normal({describe(mean, cov)}, "
            f"n=1, burn_in={BURN_IN}) gave states whose variance along the axis {fmt(u)} "
            f"(standardized units) is {ratio / BURN_IN_CHAINS:.4g} times the expected "
            f"{l:.4g} (chi-square band [{low / BURN_IN_CHAINS:.3f}, "
            f"{high / BURN_IN_CHAINS:.3f}]), {hint}")
    total = z.sum(axis=0)
    statistic = float(total @ np.linalg.solve(P, total) / BURN_IN_CHAINS)
    bound = dist.chi2_isf(ALPHA / 5, 2)
    assert statistic <= bound, (
        f"{BURN_IN_CHAINS} independent calls gibbs_bivariate_normal({describe(mean, cov)}, n=1, "
        f"burn_in={BURN_IN}) gave states with mean {fmt(states.mean(axis=0))}, "
        f"too far from the mean (chi-square statistic {statistic:.1f} > {bound:.1f})")


# --- the RBM: exact distributions ---------------------------------------------------------


def sigmoid(x):
    return np.exp(-np.logaddexp(0.0, -x))


def binary_states(d):
    """All 2^d binary vectors, shape (2^d, d); row i is the binary expansion of i (first
    unit = most significant bit)."""
    return ((np.arange(2**d)[:, None] >> np.arange(d - 1, -1, -1)) & 1).astype(np.float64)


def state_index(x):
    """The row of binary_states of each row of the binary array x."""
    return (x.astype(np.int64) << np.arange(x.shape[1] - 1, -1, -1)).sum(axis=1)


def bernoulli_table(p, states):
    """P(x = states[s] | row i) for independent Bernoulli(p[i, j]) units: shape (len(p),
    len(states))."""
    return np.prod(np.where(states[None] == 1, p[:, None, :], 1 - p[:, None, :]), axis=2)


def transition_tables(W, b, c):
    """p(h | v) for every v (2^D, 2^H) and p(v | h) for every h (2^H, 2^D)."""
    V, Hs = binary_states(W.shape[0]), binary_states(W.shape[1])
    return (bernoulli_table(sigmoid(c + V @ W), Hs), bernoulli_table(sigmoid(b + Hs @ W.T), V))


def k_step_distribution(v0, W, b, c, steps):
    """The exact distribution of (v_steps, h_steps) of a chain started at the binary row v0:
    an array (2^D, 2^H) [v state, h state]. v_{t-1} -> h_t -> v_t; the v chain moves by
    p(h|v) p(v|h)."""
    h_given_v, v_given_h = transition_tables(W, b, c)
    v_dist = np.zeros(2 ** W.shape[0])
    v_dist[state_index(v0[None])[0]] = 1.0
    for _ in range(steps - 1):
        v_dist = (v_dist @ h_given_v) @ v_given_h
    h_dist = v_dist @ h_given_v
    return (h_dist[:, None] * v_given_h).T


def exact_joint(W, b, c):
    """p(v, h) proportional to exp(b.v + c.h + v W h), shape (2^D, 2^H)."""
    V, Hs = binary_states(W.shape[0]), binary_states(W.shape[1])
    log_p = (V @ b)[:, None] + (Hs @ c)[None, :] + V @ W @ Hs.T
    p = np.exp(log_p - log_p.max())
    return p / p.sum()


def describe_state(cell, shape):
    """The binary units of a cell of a counts array: 'v = [1 0], h = [1]' for a (v, h)
    table of shape (2^D, 2^H), '[1 0 1]' for a table of 2^units patterns."""
    if len(shape) == 1:
        return str(binary_states(int(np.log2(shape[0])))[cell].astype(int))
    i, j = np.unravel_index(cell, shape)
    D, H = (int(np.log2(side)) for side in shape)
    return f"v = {binary_states(D)[i].astype(int)}, h = {binary_states(H)[j].astype(int)}"


def assert_counts_match(counts, probabilities, what, hint):
    """Every count of the multinomial sample (an array of counts per state) lies within its
    exact binomial band: ALPHA split over the states and both tails; states of probability
    0 must not occur."""
    N, cells = int(counts.sum()), counts.size
    p = probabilities.ravel()
    low = dist.binom_ppf(ALPHA / (2 * cells), N, p)
    high = dist.binom_isf(ALPHA / (2 * cells), N, p)
    observed = counts.ravel()
    bad = np.flatnonzero((observed < low) | (observed > high))
    if bad.size:
        expected = N * p
        worst = bad[np.argmax(np.abs(observed[bad] - expected[bad]) / np.sqrt(expected[bad] + 1))]
        chi_square = float(np.sum((observed - expected) ** 2 / np.maximum(expected, 1e-300)))
        raise AssertionError(
            f"{what}: the state {describe_state(worst, counts.shape)} occurred "
            f"{observed[worst]} times in {N} samples, expected {expected[worst]:.1f} "
            f"(probability {p[worst]:.4g}), outside its band [{low[worst]:.0f}, "
            f"{high[worst]:.0f}] (Pearson chi-square {chi_square:.1f} on {cells - 1} degrees "
            f"of freedom). {hint}")


def expect_binary(x, what, shape):
    x = expect_array(x, what, shape=shape)
    if not np.all((x == 0) | (x == 1)):
        bad = x[(x != 0) & (x != 1)][0]
        raise AssertionError(f"{what} should hold binary samples 0.0 or 1.0, got {bad:.6g}: "
                             f"sample the units (rng.random(p.shape) < p), do not return the "
                             f"probabilities")
    return x


# --- RBM inputs ---------------------------------------------------------------------------


def rbm_parameters(seed, D, H, weight=(1.0, 3.0), bias=2.0):
    """W (D, H) with |W_ij| in [weight] and random signs, b (D,) and c (H,) in
    [-bias, bias]."""
    rng = np.random.default_rng([seed, 13])
    W = rng.uniform(*weight, (D, H)) * rng.choice([-1.0, 1.0], (D, H))
    return W, rng.uniform(-bias, bias, D), rng.uniform(-bias, bias, H)


SAMPLERS = {  # function -> (input layer, output layer, the bias it takes)
    "rbm_sample_h": ("v", "h", "c"),
    "rbm_sample_v": ("h", "v", "b"),
}


def samplers(points, contract=None, rules=()):
    return [pytest.param(name, marks=graded(points, name, contract=contract, rules=rules),
                         id=name) for name in SAMPLERS]


def conditional(student, function, x, W, bias, rng):
    """Call rbm_sample_h or rbm_sample_v; check it returns (p, sample), both (N, units)
    float64, the sample binary."""
    D, H = W.shape
    units = H if function == "rbm_sample_h" else D
    p, sample = expect_tuple(getattr(student, function)(x, W, bias, rng), 2, f"{function}()")
    shape = (x.shape[0], units)
    return (expect_array(p, f"the probabilities of {function}()", shape=shape),
            expect_binary(sample, f"the samples of {function}()", shape))


def true_probabilities(function, x, W, bias):
    return sigmoid(bias + x @ W) if function == "rbm_sample_h" else sigmoid(bias + x @ W.T)


FORMULA = {"rbm_sample_h": "sigmoid(c + v @ W)", "rbm_sample_v": "sigmoid(b + h @ W.T)"}
RBM_SHAPES = st.tuples(st.integers(1, 4), st.integers(1, 4))


# --- rbm_sample_h / rbm_sample_v ----------------------------------------------------------


@pytest.mark.parametrize("function", samplers(2))
@given(shape=RBM_SHAPES, n=st.integers(1, 6), seed=SEEDS, real=st.booleans())
def test_rbm_conditional_probabilities(student, function, shape, n, seed, real):
    """rbm_sample_h returns p_h = sigmoid(c + v @ W) (N, H), rbm_sample_v returns
    p_v = sigmoid(b + h @ W.T) (N, D), and binary samples of the same shape. Inputs are
    binary or real, W of any shape (D, H), square or not."""
    D, H = shape
    W, b, c = rbm_parameters(seed, D, H, weight=(0.0, 3.0), bias=3.0)
    rng = np.random.default_rng(seed)
    units = D if function == "rbm_sample_h" else H
    x = rng.uniform(-1, 2, (n, units)) if real else rng.integers(0, 2, (n, units)) * 1.0
    bias = c if function == "rbm_sample_h" else b
    p, _ = conditional(student, function, x, W, bias, rng)
    expected = true_probabilities(function, x, W, bias)
    assert_close(p, expected, f"the probabilities {FORMULA[function]} returned by {function} "
                 f"(W of shape {W.shape})", rtol=1e-9, atol=1e-14)


@pytest.mark.parametrize("function", samplers(2))
@given(shape=st.tuples(st.integers(1, 3), st.integers(1, 3)), seed=SEEDS)
def test_rbm_conditional_frequencies(student, function, shape, seed):
    """Given a fixed input row repeated N = 10000 times, the sampled units are independent
    Bernoulli(p) with p the conditional probabilities: the counts of the 2^units patterns
    match the product distribution.

    Math: the rows are iid, so the count of each pattern is Binomial(N, prod_j p_j^x_j (1 -
    p_j)^(1 - x_j)); every count is checked against its exact binomial band, ALPHA split
    over the patterns and tails. Power: |W|, |bias| <= 0.5 keep every logit within +-2, so
    p is in [0.12, 0.88]; a threshold p > 0.5 instead of a draw is off by >= 0.12 = 24
    standard deviations of a unit's frequency; one uniform shared by the units of a row
    gives P(both on) = min(p1, p2) instead of p1 p2, off by min(p1, p2)(1 - max(p1, p2)):
    0.25 (50 standard deviations) at p = 1/2, below the band's 6 only near the extremes."""
    D, H = shape
    rng = np.random.default_rng([seed, 1])
    W = rng.uniform(-0.5, 0.5, (D, H))
    units_in = D if function == "rbm_sample_h" else H
    units_out = H if function == "rbm_sample_h" else D
    row = rng.integers(0, 2, units_in) * 1.0
    bias = rng.uniform(-0.5, 0.5, units_out)
    x = np.tile(row, (10000, 1))
    p_true = true_probabilities(function, row[None], W, bias)
    _, sample = conditional(student, function, x, W, bias, np.random.default_rng(seed))
    counts = np.bincount(state_index(sample), minlength=2**units_out)
    expected = bernoulli_table(p_true, binary_states(units_out))[0]
    assert_counts_match(
        counts, expected,
        f"{function}() on one input row repeated 10000 times, p = "
        f"{fmt(p_true[0])}",
        "Each unit of each row needs its own random number: "
        "(rng.random(p.shape) < p).astype(np.float64)")


@pytest.mark.parametrize("function", samplers(1, "finite at extreme inputs", rules="finite"))
@given(shape=RBM_SHAPES, seed=SEEDS)
def test_rbm_extreme_logits(student, function, shape, seed):
    """Logits as large as |1000| give probabilities in [0, 1] without overflow warnings, and
    logits beyond +-40 give certain samples: 1 above +40 (p = 1 - 4e-18), 0 below -40 (the
    sample is 1 only if the uniform draw is exactly 0.0: probability 2^-53)."""
    D, H = shape
    rng = np.random.default_rng(seed)
    W = rng.uniform(100, 200, (D, H)) * rng.choice([-1.0, 1.0], (D, H))
    units_in, units_out = (D, H) if function == "rbm_sample_h" else (H, D)
    x = rng.integers(0, 2, (8, units_in)) * 1.0
    x[0] = 1.0
    bias = rng.uniform(-1000, 1000, units_out)
    bias[np.abs(bias) < 500] = 500.0
    result = call_with_report(getattr(student, function), x, W, bias, rng)
    assert not result.warnings, (
        f"{function}() emitted warnings for logits up to |1000|: "
        f"{'; '.join(result.warnings[:2])}. Compute the sigmoid stably, e.g. "
        f"np.exp(-np.logaddexp(0, -x))")
    p, sample = expect_tuple(result.value, 2, f"{function}()")
    p = expect_array(p, f"the probabilities of {function}()", shape=(8, units_out))
    sample = expect_binary(sample, f"the samples of {function}()", (8, units_out))
    logits = bias + (x @ W if function == "rbm_sample_h" else x @ W.T)
    assert np.all((p >= 0) & (p <= 1)), f"{function}() returned probabilities outside [0, 1]"
    certain = np.abs(logits) > 40
    assert np.array_equal(sample[certain], (logits[certain] > 0) * 1.0), (
        f"{function}() sampled units against their certain outcome: a unit with logit "
        f"> 40 must be 1 and one with logit < -40 must be 0 (unit = 1 when rng.random() < p)")


@pytest.mark.parametrize("function", [
    pytest.param(name, marks=graded(1, name), id=name)
    for name in ("rbm_sample_h", "rbm_sample_v", "rbm_gibbs_chain")])
@given(seed=SEEDS, other=SEEDS)
def test_rbm_reproducible(student, function, seed, other):
    """The samples come from rng only: the same seed gives the same samples, another seed
    other samples, and the call advances rng. With 64 units of probability in [0.22, 0.78]
    (|logit| <= 1.25) two independent samples agree with probability
    <= (0.78^2 + 0.22^2)^64 < 2e-12."""
    W, b, c = rbm_parameters(seed, 4, 4, weight=(0.0, 0.25), bias=0.25)
    x = np.random.default_rng([seed, 2]).integers(0, 2, (16, 4)) * 1.0

    def arguments(rng):
        if function == "rbm_gibbs_chain":
            return x, W, b, c, 2, rng
        return x, W, c if function == "rbm_sample_h" else b, rng

    rng = np.random.default_rng(seed)  # the last call's, to see it advance
    seeds = [seed, seed] + ([other] if other != seed else [])
    generators = [np.random.default_rng(s) for s in seeds] + [rng]
    outs = values_in_order(getattr(student, function), [(arguments(g), {}) for g in generators])
    first, again = next(outs), next(outs)
    first, again = expect_tuple(first, 2, f"{function}()"), expect_tuple(again, 2, f"{function}()")
    assert all(np.array_equal(f, a) for f, a in zip(first, again)), (
        f"{function}() gave different samples for two generators with the same seed: draw "
        f"only from the rng argument, not from np.random")
    if other != seed:
        different = expect_tuple(next(outs), 2, f"{function}()")
        assert not np.array_equal(first[1], different[1]), (
            f"{function}() gave the same samples for seeds {seed} and {other}: use the rng "
            f"argument, do not make your own generator")
    next(outs)  # the call with rng: if it raised, that is the failure
    assert rng.bit_generator.state != np.random.default_rng(seed).bit_generator.state, (
        f"{function}() did not draw from its rng argument (it did not advance)")


# --- rbm_gibbs_chain ----------------------------------------------------------------------

CHAINS = 10000


def chain(student, v0, W, b, c, steps, rng):
    """Call rbm_gibbs_chain; check it returns binary (v (N, D), h (N, H))."""
    v, h = expect_tuple(student.rbm_gibbs_chain(v0, W, b, c, steps, rng), 2,
                        "rbm_gibbs_chain()")
    N, (D, H) = v0.shape[0], W.shape
    return (expect_binary(v, "the visible states v of rbm_gibbs_chain()", (N, D)),
            expect_binary(h, "the hidden states h of rbm_gibbs_chain()", (N, H)))


def joint_counts(v, h):
    """Counts of the (v, h) states, shape (2^D, 2^H)."""
    D, H = v.shape[1], h.shape[1]
    index = state_index(v) * 2**H + state_index(h)
    return np.bincount(index, minlength=2 ** (D + H)).reshape(2**D, 2**H)


CHAIN_SHAPES = {"rectangular": st.sampled_from([(3, 2), (2, 3)]),
                "square": st.sampled_from([(2, 2), (3, 3)])}


@pytest.mark.parametrize("shapes", [
    pytest.param(name, marks=graded(3, "rbm_gibbs_chain"), id=name) for name in CHAIN_SHAPES])
@given(data=st.data(), steps=st.integers(1, 3), seed=SEEDS)
def test_rbm_chain_k_step_distribution(student, shapes, data, steps, seed):
    """N = 10000 chains started at the same binary v0 row are independent, so their final
    states (v, h) are iid draws from the exact k-step distribution: h_t ~ p(h | v_{t-1})
    then v_t ~ p(v | h_t), k times, returning (v_k, h_k). It is computed by enumerating
    all 2^(D+H) <= 64 states (k_step_distribution); the counts pass the exact binomial
    bands of the module docstring. Weights |W| in [1, 3] make the steps matter: v drawn
    from the previous step's h, or from the probabilities p_h, or with W in place of W.T,
    or one step too few, changes the k-step distribution visibly.

    Both rectangular W (a transposition error raises) and square W (it silently gives
    wrong probabilities, which only these statistics catch) are tested."""
    D, H = data.draw(CHAIN_SHAPES[shapes], label="(D, H)")
    W, b, c = rbm_parameters(seed, D, H)
    v0_row = np.random.default_rng([seed, 3]).integers(0, 2, D) * 1.0
    v0 = np.tile(v0_row, (CHAINS, 1))
    v, h = chain(student, v0, W, b, c, steps, np.random.default_rng(seed))
    expected = k_step_distribution(v0_row, W, b, c, steps)
    assert_counts_match(
        joint_counts(v, h), expected,
        f"rbm_gibbs_chain(v0, W, b, c, steps={steps}, rng) with {CHAINS} chains from "
        f"v0 = {v0_row} and W of shape {W.shape}",
        "Each step samples h from p(h | v) with the CURRENT binary v, then v from "
        "p(v | h) = sigmoid(b + h @ W.T) with the NEW binary h; return that v and h")


@graded(points=1, function="rbm_gibbs_chain")
@given(shape=st.tuples(st.integers(1, 3), st.integers(1, 3)), steps=st.integers(1, 5),
       seed=SEEDS)
def test_rbm_chain_zero_weights(student, shape, steps, seed):
    """With W = 0 the layers do not interact: after any number of steps the visibles are
    independent Bernoulli(sigmoid(b)) and the hiddens independent Bernoulli(sigmoid(c)),
    whatever v0 (10000 chains from random v0 rows). The counts of the 2^(D+H) states pass
    the exact binomial bands."""
    D, H = shape
    rng = np.random.default_rng([seed, 4])
    b, c = rng.uniform(-2, 2, D), rng.uniform(-2, 2, H)
    v0 = rng.integers(0, 2, (CHAINS, D)) * 1.0
    v, h = chain(student, v0, np.zeros((D, H)), b, c, steps, np.random.default_rng(seed))
    p_v = bernoulli_table(sigmoid(b)[None], binary_states(D))[0]
    p_h = bernoulli_table(sigmoid(c)[None], binary_states(H))[0]
    assert_counts_match(
        joint_counts(v, h), np.outer(p_v, p_h),
        f"rbm_gibbs_chain(v0, W=0, b={fmt(b)}, "
        f"c={fmt(c)}, steps={steps}, rng) with {CHAINS} chains",
        "With W = 0, p(v = 1 | h) = sigmoid(b) and p(h = 1 | v) = sigmoid(c)")


def mixed_k_steps(W, b, c, v0_row, tolerance=1e-6, max_steps=400):
    """The smallest number of steps k after which the k-step distribution from v0_row is
    within total variation `tolerance` of the exact joint, and that distribution."""
    joint = exact_joint(W, b, c)
    h_given_v, v_given_h = transition_tables(W, b, c)
    v_dist = np.zeros(2 ** W.shape[0])
    v_dist[state_index(v0_row[None])[0]] = 1.0
    for k in range(1, max_steps + 1):
        distribution = ((v_dist @ h_given_v)[:, None] * v_given_h).T
        if 0.5 * np.abs(distribution - joint).sum() <= tolerance:
            return k, distribution
        v_dist = (v_dist @ h_given_v) @ v_given_h
    raise AssertionError("test setup: the chain does not mix (weights too large)")


@graded(points=2, function="rbm_gibbs_chain")
@given(shape=st.sampled_from([(3, 2), (2, 3), (3, 3)]), seed=SEEDS)
def test_rbm_chain_samples_joint(student, shape, seed):
    """Run long enough, the chain samples the RBM's joint p(v, h) = exp(-E(v, h)) / Z with
    E = -b.v - c.h - v.W.h (enumerated over all 2^(D+H) states). Gibbs sampling's promise
    (seeds 000/001 Q5): sampling each conditional in turn approaches the joint.

    The test is exact: the number of steps k is the smallest after which the exact k-step
    distribution from v0 is within total variation 1e-6 of the joint (|W| in [0.5, 1.5]
    mixes within a few dozen steps); the counts of 10000 chains pass the exact binomial
    bands of that k-step distribution, whose cell probabilities differ from the joint's by
    at most 1e-6 (a hundredth of a count)."""
    D, H = shape
    W, b, c = rbm_parameters(seed, D, H, weight=(0.5, 1.5), bias=1.5)
    v0_row = np.random.default_rng([seed, 5]).integers(0, 2, D) * 1.0
    steps, expected = mixed_k_steps(W, b, c, v0_row)
    v, h = chain(student, np.tile(v0_row, (CHAINS, 1)), W, b, c, steps,
                 np.random.default_rng(seed))
    assert_counts_match(
        joint_counts(v, h), expected,
        f"rbm_gibbs_chain(v0, W, b, c, steps={steps}, rng) with {CHAINS} chains, W of shape "
        f"{W.shape}: the states (v, h) should follow the RBM's joint p(v, h)",
        "Alternate h ~ p(h | v) = sigmoid(c + v @ W) and v ~ p(v | h) = sigmoid(b + h @ W.T), "
        "each with the other layer's current binary sample")


# --- inputs left unchanged ----------------------------------------------------------------


def gibbs_inputs(seed):
    rng = np.random.default_rng(seed)
    s = rng.uniform(0.5, 2.0, 2)
    rho = rng.uniform(-0.9, 0.9)
    return {"mean": rng.uniform(-3, 3, 2),
            "cov": np.array([[s[0] ** 2, rho * s[0] * s[1]], [rho * s[0] * s[1], s[1] ** 2]]),
            "n": 20, "burn_in": 5}


def rbm_inputs(function, seed):
    rng = np.random.default_rng([seed, 1])
    D, H = rng.integers(1, 5, 2)
    W, b, c = rbm_parameters(seed, D, H)
    if function == "rbm_gibbs_chain":
        return {"v0": rng.integers(0, 2, (6, D)) * 1.0, "W": W, "b": b, "c": c, "steps": 3}
    if function == "rbm_sample_h":
        return {"v": rng.integers(0, 2, (6, D)) * 1.0, "W": W, "c": c}
    return {"h": rng.integers(0, 2, (6, H)) * 1.0, "W": W, "b": b}


@pytest.mark.parametrize("function", unchanged_params({
    "gibbs_bivariate_normal": "test_gibbs_exact_conditionals",
    "rbm_sample_h": "test_rbm_conditional_probabilities[rbm_sample_h]",
    "rbm_sample_v": "test_rbm_conditional_probabilities[rbm_sample_v]",
    "rbm_gibbs_chain": "test_rbm_chain_k_step_distribution[rectangular]"}))
@given(seed=SEEDS)
def test_inputs_unchanged(student, function, seed):
    """The function leaves its array arguments unchanged (it returns new arrays; the chain
    state lives in new arrays, not in mean or v0); only rng advances."""
    kwargs = (gibbs_inputs(seed) if function == "gibbs_bivariate_normal"
              else rbm_inputs(function, seed))
    assert_inputs_unchanged(getattr(student, function), **kwargs,
                            rng=np.random.default_rng(seed))
