"""bptt_gain returns |w|^(T-1): the sign of a negative w is lost (the seed's +117.4)."""

CAUGHT_BY = ["test_bptt_gain_seed_examples", "test_bptt_gain_is_repeated_multiplication",
             "test_bptt_gain_vanishes_or_explodes", "test_bptt_gain_matches_reference"]
MISTAKE = "sign"


def bptt_gain(w, T):
    return abs(float(w)) ** (T - 1)
