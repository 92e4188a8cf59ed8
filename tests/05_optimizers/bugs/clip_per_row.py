"""clip_by_norm clips each row separately (norm over the last axis): a 2-D gradient changes
direction and its total norm can exceed the threshold."""
import numpy as np

CAUGHT_BY = ["test_clip_keeps_direction", "test_clip_norm_at_most_threshold"]
MISTAKE = "axis"


def clip_by_norm(g, threshold):
    norms = np.sqrt(np.sum(g * g, axis=-1, keepdims=True))
    return g * np.minimum(1.0, threshold / np.maximum(norms, 1e-300))
