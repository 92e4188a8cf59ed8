"""clip_by_norm always rescales to the threshold (the seed's formula taken literally, with
the threshold put back): short gradients are lengthened, and a zero gradient gives 0/0."""
import numpy as np

CAUGHT_BY = ["test_clip_identity_below_threshold", "test_clip_norm_at_most_threshold",
             "test_clip_by_norm_matches_reference"]
MISTAKE = "formula"


def clip_by_norm(g, threshold):
    return threshold * g / np.linalg.norm(g)
