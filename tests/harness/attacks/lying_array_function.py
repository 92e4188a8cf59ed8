"""softmax returns an object with __array__, __array_function__ and __eq__ that lie."""
import numpy as np

TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "failed"


class Liar:
    def __init__(self, shape):
        self.shape = shape
        self.dtype = np.dtype(np.float64)

    def __array__(self, dtype=None, copy=None):
        return np.full(self.shape, 0.5)

    def __array_function__(self, func, types, args, kwargs):
        return True

    def __eq__(self, other):
        return True


def softmax(x, axis=-1):
    return Liar(x.shape)
