"""Both initializers draw float32 weights "to save memory" (rng.standard_normal(...,
dtype=np.float32)), not float64."""
import numpy as np

CAUGHT_BY = ["test_init_shape_and_dtype[xavier_init]", "test_init_shape_and_dtype[he_init]"]
MISTAKE = "dtype"


def xavier_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out), dtype=np.float32) * np.float32(
        np.sqrt(1.0 / fan_in))


def he_init(fan_in, fan_out, rng):
    return rng.standard_normal((fan_in, fan_out), dtype=np.float32) * np.float32(
        np.sqrt(2.0 / fan_in))
