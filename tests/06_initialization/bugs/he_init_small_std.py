"""he_init uses "small random numbers" (std 0.01) regardless of the fan: the activations of
a deep ReLU stack vanish (seed 002 §8)."""
import numpy as np

CAUGHT_BY = ["test_init_variance[he_init]", "test_relu_stack_scale[he_init]"]
MISTAKE = "factor"


def he_init(fan_in, fan_out, rng):
    return 0.01 * rng.standard_normal((fan_in, fan_out))
