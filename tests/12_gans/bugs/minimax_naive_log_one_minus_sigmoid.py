"""generator_loss_minimax computes D = 1 / (1 + exp(-s)) and then mean log(1 - D): exp
overflows at s = -1e4 and 1 - D rounds to 0 (log = -inf) from s of about 37 up."""
import numpy as np

CAUGHT_BY = [
    "test_extreme_logits[minimax]",
    "test_matches_reference[generator_loss_minimax]",
]
MISTAKE = "unstable"


def generator_loss_minimax(fake_logits):
    d = 1.0 / (1.0 + np.exp(-fake_logits))
    return float(np.mean(np.log(1.0 - d))), -d / fake_logits.size
