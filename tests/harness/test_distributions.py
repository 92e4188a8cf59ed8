"""The checks toolkit's quantiles (autograder.checks.distributions) are scipy.stats's: the
statistical tests' bands did not move when they stopped importing scipy.stats."""

import itertools

import numpy as np
import pytest
from scipy import stats

from autograder.checks import distributions as dist

LEVELS = [1e-9, 2.5e-9, 5e-9, 1e-8, 1e-6, 0.01, 0.3, 0.5, 0.9]
COUNTS = [1, 2, 5, 50, 128, 400, 2028, 3600, 20000, 10**6]
PROBABILITIES = [0.0, 1e-6, 0.001, 0.0455, 0.2, 0.5, 0.77, 0.999, 1.0]


@pytest.mark.parametrize("q", LEVELS)
def test_normal_and_chi_square_quantiles_are_scipy_stats(q):
    assert dist.normal_isf(q) == stats.norm.isf(q)
    for df in [1, 2, 5, 50, 799, 2028, 10**4, 10**6]:
        assert dist.chi2_ppf(q, df) == stats.chi2.ppf(q, df)
        assert dist.chi2_isf(q, df) == stats.chi2.isf(q, df)
    for x in [-3.0, 0.0, 2.0, 2 * np.sqrt(2), 6.0]:
        assert dist.normal_sf(x) == stats.norm.sf(x)


@pytest.mark.parametrize("q", LEVELS)
def test_binomial_quantiles_are_scipy_stats_and_hold_their_definitions(q):
    for n, p in itertools.product(COUNTS, PROBABILITIES):
        low, high = dist.binom_ppf(q, n, p), dist.binom_isf(q, n, p)
        assert (low, high) == (stats.binom.ppf(q, n, p), stats.binom.isf(q, n, p)), (n, p)
        # the smallest k with P(K <= k) >= q, and the smallest with P(K > k) <= q
        assert stats.binom.cdf(low, n, p) >= q and (low == 0 or stats.binom.cdf(low - 1, n, p) < q)
        assert stats.binom.sf(high, n, p) <= q and (high == 0 or stats.binom.sf(high - 1, n, p) > q)


def test_binomial_quantiles_take_arrays_of_probabilities():
    p = np.random.default_rng(0).uniform(0, 1, 64)
    p[:3] = 0.0, 1.0, 1e-9
    for q, n in itertools.product([1e-9, 0.01], [100, 50000]):
        np.testing.assert_array_equal(dist.binom_ppf(q, n, p), stats.binom.ppf(q, n, p))
        np.testing.assert_array_equal(dist.binom_isf(q, n, p), stats.binom.isf(q, n, p))


def test_binomial_mass_and_cdf_are_scipy_stats():
    b = np.arange(0, 129)
    np.testing.assert_array_equal(dist.binom_logpmf(b, 128, 0.5), stats.binom.logpmf(b, 128, 0.5))
    np.testing.assert_allclose(dist.binom_cdf(15, 128, 0.5), stats.binom.cdf(15, 128, 0.5),
                               rtol=1e-12)
