"""svm_loss forks a bounded swarm of sleeping children."""
import os
import time

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "error"
NEEDS = "seccomp"


def svm_loss(x, y, delta=1.0):
    for _ in range(50):
        if os.fork() == 0:
            time.sleep(60)
            os._exit(0)
    raise RuntimeError("forked")
