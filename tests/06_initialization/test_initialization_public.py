"""Public graded tests for 06_initialization: released to students with the assignment.

Statistical tests and their error rates
---------------------------------------
The Xavier and He weights are random, so several tests are statistical. Each one accepts
the correct distribution with probability at least 1 - ALPHA = 1 - 1e-8 PER HYPOTHESIS
EXAMPLE (two-sided: ALPHA / 2 in each tail). The grader runs 50 examples per test, so by the
union bound a correct submission loses a test with probability <= 50 * ALPHA = 5e-7 (and a
whole grading of this topic, 8 statistical test items, with probability <= 4e-6).

Their inputs are chosen so that the wrong variants the seed invites are rejected with
probability ~1 in EVERY example (the powers are stated in each test): the fans differ by a
factor k >= 3 (so fan_in and fan_out cannot be confused, and 2 / (fan_in + fan_out) differs
from 1 / fan_in by a factor <= 1/2 or >= 3/2) and every matrix has n = fan_in * fan_out >=
2028 entries.
"""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from scipy import optimize, special

from autograder.checks import distributions as dist
from autograder.checks import SEEDS, expect_array, graded, shapes, values_in_order

ALPHA = 1e-8  # false-failure rate of a statistical test per Hypothesis example

# the variance each initializer must give, as gain / fan_in
GAIN = {"xavier_init": 1.0, "he_init": 2.0}
FORMULA = {"xavier_init": "1/fan_in", "he_init": "2/fan_in"}


def initializers(points, needs_values=False, rules=()):
    """One graded parameter per initializer; with ``needs_values``, a property that a
    constant array also has (shape, reproducibility, zero mean) earns its points only
    together with the initializer's variance test."""
    return [pytest.param(name, id=name, marks=graded(
        points, name, requires=f"test_init_variance[{name}]" if needs_values else (),
        rules=rules)) for name in GAIN]


def weights(fn, fan_in, fan_out, rng):
    """Call an initializer and check it returns a finite float64 array (fan_in, fan_out)."""
    return expect_weights(fn(fan_in, fan_out, rng), fn.__name__, fan_in, fan_out)


def expect_weights(value, function, fan_in, fan_out):
    """``value``, what ``function(fan_in, fan_out, rng)`` returned, checked to be a finite
    float64 array (fan_in, fan_out)."""
    return expect_array(value, f"{function}({fan_in}, {fan_out}, rng)", shape=(fan_in, fan_out))


@st.composite
def wide_fans(draw):
    """(fan_in, fan_out): the small fan in [26, 48], the other k = 3..5 times as large, in
    either order, so n = fan_in * fan_out >= 3 * 26**2 = 2028 (and <= 11520)."""
    small, k = draw(st.integers(26, 48)), draw(st.integers(3, 5))
    return (small, k * small) if draw(st.booleans()) else (k * small, small)


FANS = st.tuples(st.integers(1, 40), st.integers(1, 40))  # any sizes, including 1


# --- zeros --------------------------------------------------------------------------------


@graded(points=1, function="zeros_init", rules="float64")
@given(shape=shapes(min_dims=1, max_dims=3))
def test_zeros_init(student, shape):
    """zeros_init(shape) is a float64 array of the given shape, all exactly 0."""
    out = expect_array(student.zeros_init(shape), f"zeros_init({shape})", shape=shape)
    assert np.all(out == 0), f"zeros_init({shape}) should be all zeros, got {out}"


# --- shapes and the generator -------------------------------------------------------------


@pytest.mark.parametrize("function", initializers(1, needs_values=True))
@given(fans=FANS, seed=SEEDS)
def test_init_shape_and_dtype(student, function, fans, seed):
    """The weights are a finite float64 array of shape (fan_in, fan_out): rows are inputs,
    columns are units (out = x @ W)."""
    weights(getattr(student, function), *fans, np.random.default_rng(seed))


@pytest.mark.parametrize("function", initializers(1, needs_values=True, rules="rng-only"))
@given(fans=FANS, seed=SEEDS)
def test_init_reproducible(student, function, fans, seed):
    """Two generators made with the same seed give identical weights: the randomness comes
    from rng only (not from the global np.random state), so training runs can be repeated."""
    generators = [np.random.default_rng(seed), np.random.default_rng(seed)]
    first, second = [expect_weights(value, function, *fans) for value in values_in_order(
        getattr(student, function), [((*fans, rng), {}) for rng in generators])]
    assert np.array_equal(first, second), (
        f"{function}{fans} returned different weights for two generators made with the same "
        f"seed {seed}: draw from the rng argument (rng.standard_normal), not from np.random")


@pytest.mark.parametrize("function", initializers(1))
@given(fans=FANS, seed=SEEDS, other=SEEDS)
def test_init_uses_rng(student, function, fans, seed, other):
    """The weights are drawn from rng: different seeds give different weights, and drawing
    advances the generator, so a second call with the same generator gives new weights.

    Two different seeds giving equal float64 weights has probability ~2**-50: never."""
    assume(seed != other)
    fn = getattr(student, function)
    rng = np.random.default_rng(seed)
    # the third call continues rng where the first left it: only the first two go together
    first, different = [expect_weights(value, function, *fans) for value in values_in_order(
        fn, [((*fans, rng), {}), ((*fans, np.random.default_rng(other)), {})])]
    assert not np.array_equal(first, different), (
        f"{function}{fans} returned the same weights for seeds {seed} and {other}: use the "
        f"rng argument, do not create your own generator or seed")
    assert rng.bit_generator.state != np.random.default_rng(seed).bit_generator.state, (
        f"{function}{fans} did not draw from its rng argument (the generator did not advance)")
    again = weights(fn, *fans, rng)
    assert not np.array_equal(first, again), (
        f"two calls of {function}{fans} with the same generator returned the same weights")


# --- the distribution of the entries ------------------------------------------------------


@pytest.mark.parametrize("function", initializers(3))
@given(fans=wide_fans(), seed=SEEDS)
def test_init_variance(student, function, fans, seed):
    """The entries have variance gain / fan_in (Xavier 1/fan_in, He 2/fan_in; seed 002 §8),
    by a chi-square test.

    Test: for n iid entries W ~ N(0, sigma^2) with known mean 0,
    T = sum(W**2) / sigma^2 ~ chi2(n). Accept T in [chi2.ppf(ALPHA/2, n), chi2.isf(ALPHA/2, n)]:
    the reference fails with probability ALPHA = 1e-8 per example (<= 5e-7 per test of 50
    examples).

    Power: an initializer whose variance is r * sigma^2 gives T ~ r * chi2(n). For n >= 2028
    (see wide_fans) it lands in the band with probability <= 1.4e-12 for any r <= 1/2 or
    r >= 3/2 (scipy: chi2.cdf(hi / r, n) - chi2.cdf(lo / r, n), largest at n = 2028).
    That covers He with variance 1/fan_in (r = 1/2), Xavier with 1/fan_in used as the
    standard deviation (r = 1/fan_in), a fan_out in place of fan_in (r = k or 1/k, k >= 3),
    Glorot's 2/(fan_in + fan_out) in xavier_init (r = 2/(1+k) or 2k/(k+1)) and uniform [0, 1)
    draws (r = 1/3)."""
    fan_in, fan_out = fans
    W = weights(getattr(student, function), fan_in, fan_out, np.random.default_rng(seed))
    n, variance = W.size, GAIN[function] / fan_in
    low, high = dist.chi2_ppf(ALPHA / 2, n), dist.chi2_isf(ALPHA / 2, n)
    statistic = float(np.sum(W * W) / variance)
    assert low <= statistic <= high, (
        f"the entries of {function}({fan_in}, {fan_out}, rng) have mean square "
        f"{np.mean(W * W):.4g}, expected the variance {FORMULA[function]} = {variance:.4g} "
        f"(ratio {np.mean(W * W) / variance:.3g}; chi-square test: sum(W**2) / variance = "
        f"{statistic:.1f} not in [{low:.1f}, {high:.1f}]). Remember to scale standard normal "
        f"draws by the standard deviation, the square root of the variance")


@pytest.mark.parametrize("function", initializers(1, needs_values=True))
@given(fans=wide_fans(), seed=SEEDS)
def test_init_mean_zero(student, function, fans, seed):
    """The entries have mean 0, by a z-test.

    Test: mean(W) ~ N(0, sigma^2 / n), so z = sum(W) / (sigma sqrt(n)) ~ N(0, 1). Accept
    |z| <= norm.isf(ALPHA/2) = 5.73: the reference fails with probability ALPHA = 1e-8 per
    example. Power: uniform [0, 1) draws scaled by sigma have mean sigma / 2, so
    E[z] = sqrt(n) / 2 >= 22 and sd(z) = 1/sqrt(12): rejected always."""
    fan_in, fan_out = fans
    W = weights(getattr(student, function), fan_in, fan_out, np.random.default_rng(seed))
    sigma = np.sqrt(GAIN[function] / fan_in)
    z = float(np.sum(W) / (sigma * np.sqrt(W.size)))
    bound = dist.normal_isf(ALPHA / 2)
    assert abs(z) <= bound, (
        f"the entries of {function}({fan_in}, {fan_out}, rng) have mean {np.mean(W):.4g}, "
        f"expected 0 (z = {z:.1f}, |z| should be <= {bound:.2f}): draw zero-mean Gaussians")


@pytest.mark.parametrize("function", initializers(1))
@given(fans=wide_fans(), seed=SEEDS)
def test_init_is_gaussian(student, function, fans, seed):
    """The entries are Gaussian N(0, sigma^2), not uniform: about 4.55% of them lie beyond
    two standard deviations.

    Test: K = #{|W| > 2 sigma} ~ Binomial(n, p) with p = 2 * norm.sf(2) = 0.0455. Accept K in
    [binom.ppf(ALPHA/2, n, p), binom.isf(ALPHA/2, n, p)]: by the definitions of the two
    quantiles P(K < low) < ALPHA/2 and P(K > high) <= ALPHA/2, so the reference fails with
    probability < ALPHA = 1e-8 per example. Power: a uniform distribution with the right
    variance lies within sqrt(3) sigma < 2 sigma, so K = 0, below low (>= 44 for n >= 2028);
    variance 1/fan_in in he_init gives p = 2 * norm.sf(2 sqrt(2)) = 0.0047, accepted with
    probability < 1e-15."""
    fan_in, fan_out = fans
    W = weights(getattr(student, function), fan_in, fan_out, np.random.default_rng(seed))
    n, sigma = W.size, np.sqrt(GAIN[function] / fan_in)
    p = 2 * dist.normal_sf(2.0)
    low, high = dist.binom_ppf(ALPHA / 2, n, p), dist.binom_isf(ALPHA / 2, n, p)
    count = int(np.sum(np.abs(W) > 2 * sigma))
    assert low <= count <= high, (
        f"{count} of the {n} entries of {function}({fan_in}, {fan_out}, rng) lie beyond two "
        f"standard deviations (2 * sqrt({FORMULA[function]}) = {2 * sigma:.4g}); a Gaussian "
        f"has {p * n:.0f} on average, between {low:.0f} and {high:.0f} with probability "
        f"1 - {ALPHA:g}. Draw Gaussian (rng.standard_normal), not uniform, entries with the "
        f"right variance")


# --- a deep ReLU stack (seed 002 §8) --------------------------------------------------------

WIDTH, DEPTH = 128, 20
MIN_ALIVE = 16  # units a layer has active, except with probability DEPTH * binom.cdf(15, 128, 1/2)


def log_mgf_relu_layer(t, width, min_alive=1):
    """log E[F^t 1{B >= min_alive}] for the factor F = (2 / width) * chi2(B), B ~ Bin(width,
    1/2), by which one He-initialized ReLU layer multiplies the mean square activation.

    E[chi2(b)^t] = 2^t Gamma(b/2 + t) / Gamma(b/2), finite for t > -b/2."""
    b = np.arange(min_alive, width + 1)
    terms = (dist.binom_logpmf(b, width, 0.5) + t * np.log(4.0 / width)
             + special.gammaln(b / 2 + t) - special.gammaln(b / 2))
    return float(special.logsumexp(terms))


def relu_stack_band(width, depth, alpha):
    """[low, high] holding log(q_depth / q_0) for He weights with probability >= 1 - alpha.

    Chernoff: for t > 0, P(sum Y >= a) <= exp(depth * K(t) - t a) with K the log-MGF of
    Y = log F; the bound is alpha/2 at a = (depth K(t) + log(2/alpha)) / t, valid for EVERY t
    (minimizing over t only tightens it). For t < 0 the chi2(b) with few degrees of freedom
    have heavy lower tails (K infinite for t <= -1/2), so the lower bound counts the event
    "some layer has fewer than MIN_ALIVE active units" (probability depth * binom.cdf(...)
    ~ 1e-18) separately and restricts the expectation to B >= MIN_ALIVE."""
    dead = depth * dist.binom_cdf(MIN_ALIVE - 1, width, 0.5)
    upper = optimize.minimize_scalar(
        lambda t: (depth * log_mgf_relu_layer(t, width) + np.log(2 / alpha)) / t,
        bounds=(1e-3, 50.0), method="bounded")
    lower = optimize.minimize_scalar(
        lambda t: -(depth * log_mgf_relu_layer(t, width, MIN_ALIVE)
                    - np.log(alpha / 2 - dead)) / t,
        bounds=(-MIN_ALIVE / 2 + 1e-3, -1e-3), method="bounded")
    return -float(lower.fun), float(upper.fun)


HE_BAND = relu_stack_band(WIDTH, DEPTH, ALPHA)  # about (-6.29, 4.85)
# Xavier's variance is half He's: every layer's factor is F / 2
STACK_BAND = {"he_init": HE_BAND,
              "xavier_init": (HE_BAND[0] - DEPTH * np.log(2), HE_BAND[1] - DEPTH * np.log(2))}


@pytest.mark.parametrize("function", [
    pytest.param("he_init", marks=graded(3, "he_init"), id="he_init"),
    pytest.param("xavier_init", marks=graded(2, "xavier_init"), id="xavier_init"),
])
@given(seed=SEEDS)
def test_relu_stack_scale(student, function, seed):
    """In a 20-layer ReLU stack h_l = relu(h_{l-1} @ W_l) of width 128, He weights keep the
    mean square activation q_l = mean(h_l**2) at its scale, while Xavier weights halve it at
    every layer (seed 002 §8: "Xavier fails for ReLU... double the variance to 2/n"), and
    small weights (std 0.01) make it vanish.

    Math: given h_{l-1} != 0, the pre-activations h_{l-1} @ W_l are iid
    N(0, gain * q_{l-1}) (gain = fan_in * Var[W]); relu keeps B ~ Bin(128, 1/2) of them, so
    q_l = q_{l-1} * F_l with F_l = (gain / 128) * chi2(B), independent across layers. He
    (gain 2): E[F] = 1, log(q_20 / q_0) = sum of 20 iid log F has mean -0.40, sd 0.88, and lies
    in HE_BAND = [-6.29, 4.85] with probability >= 1 - ALPHA (Chernoff bound, see
    relu_stack_band). Xavier (gain 1): F is halved, the band shifts by -20 log 2 = -13.86 to
    [-20.15, -9.01].

    Power: He with variance 1/fan_in behaves like Xavier, log ratio about -14.3 +- 0.88; it
    lands in HE_BAND only if sum Y >= 13.86 - 6.29 = 7.57, probability <= 5e-21 (Chernoff);
    Xavier with He's variance lands in Xavier's band only if sum Y <= -9.01, probability
    <= 2e-17. Std 0.01 gives gain 0.0128, log ratio about -100; Xavier with variance
    1/fan_in**2 gives gain 1/128, log ratio about -111: both far below either band."""
    x = np.random.default_rng([seed, DEPTH]).standard_normal(WIDTH)
    h, scales = x, []
    layers = values_in_order(getattr(student, function), [
        ((WIDTH, WIDTH, np.random.default_rng([seed, layer])), {}) for layer in range(DEPTH)])
    for value in layers:
        W = expect_weights(value, function, WIDTH, WIDTH)
        h = np.maximum(h @ W, 0.0)
        scales.append(np.mean(h * h) / np.mean(x * x))
    low, high = STACK_BAND[function]
    log_ratio = np.log(scales[-1]) if scales[-1] > 0 else -np.inf
    assert low <= log_ratio <= high, (
        f"after {DEPTH} ReLU layers of width {WIDTH} with {function} weights, the mean square "
        f"activation changed by a factor {scales[-1]:.3g} (log {log_ratio:.2f}); expected a "
        f"factor in [{np.exp(low):.3g}, {np.exp(high):.3g}] (log in [{low:.2f}, {high:.2f}], "
        f"probability 1 - {ALPHA:g}). Factors after layers 1, 5, 10: {scales[0]:.3g}, "
        f"{scales[4]:.3g}, {scales[9]:.3g} (He keeps about 1 per layer, Xavier halves it)")
