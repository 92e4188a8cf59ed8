"""l1_loss returns its gradient as a structured array with one float field."""
import numpy as np

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"numpy array of dtype \[\('g', '<f8'\)\]"

_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    out = np.zeros(grad.shape, dtype=[("g", "<f8")])
    out["g"] = grad
    return loss, out
