"""svm_loss runs shell commands to create a marker file."""
import os
import subprocess

import numpy as np

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
NEEDS = "seccomp"


def svm_loss(x, y, delta=1.0):
    os.system("mkdir @@MARKER@@")
    try:
        subprocess.run(["mkdir", "@@MARKER@@"], check=False)
    except OSError:
        pass
    return 0.0, np.zeros_like(x)
