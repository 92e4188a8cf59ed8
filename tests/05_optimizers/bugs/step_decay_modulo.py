"""step_decay uses epoch % every instead of epoch // every: the rate jumps back to lr0 at
the start of every period."""

CAUGHT_BY = ["test_step_decay_monotone", "test_step_decay_values"]
MISTAKE = "formula"


def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** (epoch % every))
