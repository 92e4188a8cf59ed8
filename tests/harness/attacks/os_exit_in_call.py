"""svm_loss kills the worker with os._exit()."""
import os

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"


def svm_loss(x, y, delta=1.0):
    os._exit(0)
