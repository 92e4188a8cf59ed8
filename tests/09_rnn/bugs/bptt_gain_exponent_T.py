"""bptt_gain returns w^T instead of w^(T-1) (the seed's own slip: 117.4 = (-1.1)^50)."""

CAUGHT_BY = ["test_bptt_gain_seed_examples", "test_bptt_gain_is_repeated_multiplication",
             "test_bptt_gain_matches_reference"]
MISTAKE = "off-by-one"


def bptt_gain(w, T):
    return float(w) ** T
