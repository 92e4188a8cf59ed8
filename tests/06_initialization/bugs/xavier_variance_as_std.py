"""xavier_init uses the variance 1/fan_in as the standard deviation, so the variance is
1/fan_in**2."""
import numpy as np

CAUGHT_BY = ["test_init_variance[xavier_init]", "test_init_is_gaussian[xavier_init]",
             "test_relu_stack_scale[xavier_init]", "test_init_matches_reference[xavier_init]"]
MISTAKE = "convention"


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out)) * (1.0 / fan_in)
