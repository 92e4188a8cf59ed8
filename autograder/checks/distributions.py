"""Tail probabilities and quantiles for the acceptance bands of statistical tests.

The normal, chi-square and binomial distributions, computed as ``scipy.stats`` computes them
but from ``scipy.special`` alone: importing ``scipy.stats`` cost each grading process that
needed it about 0.7 s of CPU, more than many topics' tests, against about 0.2 s for
``scipy.special``. Each function takes numbers or numpy arrays (broadcast together; a
binomial's ``n`` is an integer) and returns a float, or an array for array arguments.

The binomial quantiles are exact by their definitions, so a band built from them holds
what its test's docstring says (``K ~ Binomial(n, p)``):

* ``binom_ppf(q, n, p)`` is the smallest ``k`` with ``P(K <= k) >= q``, so
  ``P(K < binom_ppf(q, n, p)) < q``;
* ``binom_isf(q, n, p)`` is the smallest ``k`` with ``P(K > k) <= q``.
"""

from __future__ import annotations

import numpy as np
from scipy import special


def _out(value):
    return float(value) if np.ndim(value) == 0 else value


def normal_sf(x):
    """P(Z > x) for Z ~ N(0, 1)."""
    return _out(special.ndtr(-np.asarray(x, float)))


def normal_isf(q):
    """The z with P(Z > z) = q, Z ~ N(0, 1)."""
    return _out(-special.ndtri(q))


def chi2_ppf(q, df):
    """The x with P(X <= x) = q, X ~ chi2(df)."""
    return _out(2 * special.gammaincinv(np.asarray(df, float) / 2, q))


def chi2_isf(q, df):
    """The x with P(X > x) = q, X ~ chi2(df)."""
    return _out(special.chdtri(df, q))


def binom_cdf(k, n, p):
    """P(K <= k) for K ~ Binomial(n, p)."""
    return _out(special.bdtr(np.floor(k), n, p))


def binom_logpmf(k, n, p):
    """log P(K = k) for K ~ Binomial(n, p), integer k in [0, n]."""
    k = np.floor(k)
    log_choose = special.gammaln(n + 1) - (special.gammaln(k + 1) + special.gammaln(n - k + 1))
    return _out(log_choose + special.xlogy(k, p) + special.xlog1py(n - k, -np.asarray(p)))


def binom_ppf(q, n, p):
    """The smallest k in [0, n] with P(K <= k) >= q, K ~ Binomial(n, p), for 0 < q < 1."""
    q, p = np.broadcast_arrays(np.asarray(q, float), np.asarray(p, float))
    return _out(_smallest(lambda k: special.bdtr(k, n, p) >= q,
                          special.bdtrik(q, n, p), n, p))


def binom_isf(q, n, p):
    """The smallest k in [0, n] with P(K > k) <= q, K ~ Binomial(n, p), for 0 < q < 1."""
    q, p = np.broadcast_arrays(np.asarray(q, float), np.asarray(p, float))
    return _out(_smallest(lambda k: special.bdtrc(k, n, p) <= q,
                          special.bdtrik(1 - q, n, p), n, p))


def _smallest(holds, guess, n, p):
    """The smallest integer k in [0, n] where ``holds(k)``, which is monotone in k (false,
    then true; true at n), found by stepping from ``guess`` (a continuous approximation;
    n p where it is nan)."""
    with np.errstate(invalid="ignore"):
        k = np.clip(np.ceil(np.where(np.isnan(guess), n * p, guess)), 0, n)
    while (down := (k > 0) & holds(np.maximum(k - 1, 0))).any():
        k = k - down
    while (up := (k < n) & ~holds(k)).any():
        k = k + up
    return k
