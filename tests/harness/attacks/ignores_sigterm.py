"""The module ignores SIGTERM and SIGINT, then svm_loss loops forever."""
import signal

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "timeout"

signal.signal(signal.SIGTERM, signal.SIG_IGN)
signal.signal(signal.SIGINT, signal.SIG_IGN)


def svm_loss(x, y, delta=1.0):
    while True:
        pass
