"""svm_loss calls sys.exit() to end grading early."""
import sys

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"


def svm_loss(x, y, delta=1.0):
    sys.exit(0)
