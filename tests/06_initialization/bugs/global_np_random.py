"""Both initializers draw from the global np.random state (np.random.randn) and ignore rng:
the same seed does not give the same weights."""
import numpy as np

CAUGHT_BY = ["test_init_reproducible[xavier_init]", "test_init_reproducible[he_init]",
             "test_init_uses_rng[xavier_init]", "test_init_uses_rng[he_init]"]
MISTAKE = "random-state"


def xavier_init(fan_in, fan_out, rng):
    return np.random.randn(fan_in, fan_out) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return np.random.randn(fan_in, fan_out) * np.sqrt(2.0 / fan_in)
