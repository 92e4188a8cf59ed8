"""l1_loss returns its gradient as an np.matrix (an ndarray subclass)."""
import numpy as np

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"numpy\.matrix \(a numpy array subclass, dtype float64\)"

_l1_loss = l1_loss  # noqa: F821 (the reference's, defined above when appended)


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    return loss, np.asmatrix(grad)
