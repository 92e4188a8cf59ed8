"""step_decay forgets the floor (drop ** (epoch / every)): a smooth exponential decay, not
steps."""

CAUGHT_BY = ["test_step_decay_values", "test_step_decay_matches_reference"]
MISTAKE = "formula"


def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** (epoch / every))
