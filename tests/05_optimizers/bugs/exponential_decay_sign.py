"""exponential_decay forgets the minus sign (lr0 exp(k t)): the rate grows."""
import numpy as np

CAUGHT_BY = ["test_exponential_decay_monotone", "test_exponential_decay_values",
             "test_exponential_decay_matches_reference"]
MISTAKE = "sign"


def exponential_decay(lr0, t, k):
    return float(lr0 * np.exp(k * t))
