"""softmax returns an ndarray subclass whose comparisons always say True."""
import numpy as np

TOPIC = "02_activations"
ZEROED = ["softmax"]
STATUS = "failed"


class Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(self.shape, dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.shape(inputs[0]))


def softmax(x, axis=-1):
    return np.zeros_like(x).view(Liar)
