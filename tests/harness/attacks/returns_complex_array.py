"""l1_loss returns a complex gradient (same values, imaginary part zero)."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l1_loss"]
STATUS = "failed"
FEEDBACK = r"numpy array of dtype complex128"

_l1_loss = l1_loss  # noqa: F821


def l1_loss(pred, target):
    loss, grad = _l1_loss(pred, target)
    return loss, grad.astype(complex)
