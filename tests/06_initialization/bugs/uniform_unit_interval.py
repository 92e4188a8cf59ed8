"""Both initializers scale rng.random (uniform on [0, 1): mean 1/2, mean square 1/3) instead
of standard normal draws."""
import numpy as np

CAUGHT_BY = ["test_init_mean_zero[xavier_init]", "test_init_mean_zero[he_init]",
             "test_init_variance[xavier_init]", "test_init_variance[he_init]",
             "test_init_is_gaussian[xavier_init]", "test_init_is_gaussian[he_init]"]
MISTAKE = "formula"


def xavier_init(fan_in, fan_out, rng):
    return rng.random((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return rng.random((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
