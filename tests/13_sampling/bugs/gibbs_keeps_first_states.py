"""gibbs_bivariate_normal runs burn_in + n steps but slices the wrong end: it returns the
FIRST n states (samples[:n]), burn-in included, instead of the last n."""
import numpy as np

CAUGHT_BY = ["test_gibbs_burn_in"]
MISTAKE = "off-by-one"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s11, s12, s22 = cov[0, 0], cov[0, 1], cov[1, 1]
    sd1, sd2 = np.sqrt(s11 - s12**2 / s22), np.sqrt(s22 - s12**2 / s11)
    samples = np.empty((n + burn_in, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + s12 / s22 * (x2 - mu2) + sd1 * rng.standard_normal()
        x2 = mu2 + s12 / s11 * (x1 - mu1) + sd2 * rng.standard_normal()
        samples[step] = x1, x2
    return samples[:n]
