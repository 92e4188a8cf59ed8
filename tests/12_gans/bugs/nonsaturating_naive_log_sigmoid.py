"""generator_loss_nonsaturating computes D = 1 / (1 + exp(-s)) and then -mean log(D): exp
overflows and log(0) = -inf at fake logits of -1e4 (with numpy warnings), although it is
right for moderate logits."""
import numpy as np

CAUGHT_BY = [
    "test_extreme_logits[nonsaturating]",
    "test_matches_reference[generator_loss_nonsaturating]",
]
MISTAKE = "unstable"


def generator_loss_nonsaturating(fake_logits):
    d = 1.0 / (1.0 + np.exp(-fake_logits))
    return float(-np.mean(np.log(d))), (d - 1.0) / fake_logits.size
