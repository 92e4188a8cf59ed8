"""clip_by_norm measures the gradient with the max-norm (largest |g_i|) instead of the
Euclidean norm: direction kept, but the result's norm is not the threshold."""
import numpy as np

CAUGHT_BY = ["test_clip_norm_at_most_threshold"]
MISTAKE = "formula"


def clip_by_norm(g, threshold):
    size = np.max(np.abs(g))
    return g * (threshold / size) if size > threshold else g.copy()
