"""l1_loss returns its gradient's raw bytes."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"got bytes"

_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    return loss, grad.tobytes()
