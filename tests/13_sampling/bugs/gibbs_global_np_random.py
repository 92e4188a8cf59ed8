"""gibbs_bivariate_normal draws from the global np.random state (np.random.randn) and
ignores rng: the same seed does not give the same samples."""
import numpy as np

CAUGHT_BY = ["test_gibbs_reproducible"]
MISTAKE = "random-state"


def gibbs_bivariate_normal(mean, cov, n, burn_in, rng):
    mu1, mu2 = mean
    s11, s12, s22 = cov[0, 0], cov[0, 1], cov[1, 1]
    sd1, sd2 = np.sqrt(s11 - s12**2 / s22), np.sqrt(s22 - s12**2 / s11)
    samples = np.empty((n, 2))
    x2 = mu2
    for step in range(burn_in + n):
        x1 = mu1 + s12 / s22 * (x2 - mu2) + sd1 * np.random.randn()
        x2 = mu2 + s12 / s11 * (x1 - mu1) + sd2 * np.random.randn()
        if step >= burn_in:
            samples[step - burn_in] = x1, x2
    return samples
