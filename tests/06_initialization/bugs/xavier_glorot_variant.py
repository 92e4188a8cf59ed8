"""xavier_init uses Glorot's variance 2/(fan_in + fan_out) instead of the course's 1/fan_in."""
import numpy as np

CAUGHT_BY = ["test_init_variance[xavier_init]", "test_init_matches_reference[xavier_init]"]
MISTAKE = "formula"


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / (fan_in + fan_out))
