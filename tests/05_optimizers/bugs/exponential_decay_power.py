"""exponential_decay reads k as a per-step factor (lr0 k^t) instead of a rate
(lr0 exp(-k t))."""

CAUGHT_BY = ["test_exponential_decay_values", "test_exponential_decay_matches_reference"]
MISTAKE = "formula"


def exponential_decay(lr0, t, k):
    return float(lr0 * k**t)
