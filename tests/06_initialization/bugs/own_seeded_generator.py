"""Both initializers create their own generator with a fixed seed "for reproducibility" and
ignore rng: every seed gives the same weights."""
import numpy as np

CAUGHT_BY = ["test_init_uses_rng[xavier_init]", "test_init_uses_rng[he_init]",
             "test_init_matches_reference[xavier_init]", "test_init_matches_reference[he_init]"]
MISTAKE = "random-state"


def xavier_init(fan_in, fan_out, rng):
    return np.random.default_rng(0).standard_normal((fan_in, fan_out)) * np.sqrt(1.0 / fan_in)


def he_init(fan_in, fan_out, rng):
    return np.random.default_rng(0).standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_in)
