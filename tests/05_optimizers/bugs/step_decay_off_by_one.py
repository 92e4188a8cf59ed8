"""step_decay counts epochs from 1 (floor((epoch + 1) / every)): every drop comes one epoch
early."""

CAUGHT_BY = ["test_step_decay_values", "test_step_decay_matches_reference"]
MISTAKE = "off-by-one"


def step_decay(lr0, epoch, drop, every):
    return float(lr0 * drop ** ((epoch + 1) // every))
