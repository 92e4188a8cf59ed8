"""svm_loss never returns."""
TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "timeout"


def svm_loss(x, y, delta=1.0):
    while True:
        pass
