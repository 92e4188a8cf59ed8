"""l1_loss returns its gradient as an array of Python objects."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"numpy array of dtype object"

_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    return loss, grad.astype(object)
