"""he_init divides by fan_out instead of fan_in (the fan of the backward pass)."""
import numpy as np

CAUGHT_BY = ["test_init_variance[he_init]", "test_init_matches_reference[he_init]"]
MISTAKE = "formula"


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * np.sqrt(2.0 / fan_out)
