"""softmax returns a broadcast view of 10**12 elements (8 TB if anyone copied it)."""
import numpy as np

TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "error"


def softmax(x, axis=-1):
    return np.broadcast_to(np.float64(0.5), (10**6, 10**6))
