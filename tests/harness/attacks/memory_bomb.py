"""svm_loss tries to allocate 80 GB."""
import numpy as np

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"


def svm_loss(x, y, delta=1.0):
    hog = np.ones(10**10)
    return float(hog.sum()), np.zeros_like(x)
