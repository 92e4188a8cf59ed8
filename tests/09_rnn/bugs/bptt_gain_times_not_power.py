"""bptt_gain returns w * (T - 1), a typo for w ** (T - 1): grows linearly, never vanishes."""

CAUGHT_BY = ["test_bptt_gain_seed_examples", "test_bptt_gain_is_repeated_multiplication",
             "test_bptt_gain_vanishes_or_explodes", "test_bptt_gain_matches_reference"]
MISTAKE = "formula"


def bptt_gain(w, T):
    return float(w) * (T - 1)
