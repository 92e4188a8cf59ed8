"""l1_loss returns its gradient as a masked array."""
import numpy as np

TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"numpy\.ma\.MaskedArray \(a numpy array subclass"

_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    return loss, np.ma.masked_array(grad, mask=grad > 0)
