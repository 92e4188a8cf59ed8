"""svm_loss sends SIGKILL to its parent process."""
import os
import signal

import numpy as np

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
NEEDS = "seccomp"


def svm_loss(x, y, delta=1.0):
    try:
        os.kill(os.getppid(), signal.SIGKILL)
    except OSError:
        pass
    return 0.0, np.zeros_like(x)
