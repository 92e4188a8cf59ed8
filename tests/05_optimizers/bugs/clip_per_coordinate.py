"""clip_by_norm clips each coordinate to [-threshold, threshold] (np.clip) instead of
rescaling the whole vector: the direction changes and the norm can exceed the threshold."""
import numpy as np

CAUGHT_BY = ["test_clip_keeps_direction", "test_clip_norm_at_most_threshold",
             "test_clip_by_norm_matches_reference"]
MISTAKE = "axis"


def clip_by_norm(g, threshold):
    return np.clip(g, -threshold, threshold)
