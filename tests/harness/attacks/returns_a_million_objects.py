"""l2_loss returns its gradient as a list of a million and more Python floats: small to
build, costly for anyone who decodes it."""
TOPIC = "03_losses"
TOPICS = ["03_losses"]
ZEROED = ["l2_loss"]
STATUS = "error"
FEEDBACK = (r"l2_loss\(\) returned a value that cannot leave the sandbox: "
            r"a value made of more than 1,000,000 objects")

_l2_loss = l2_loss  # noqa: F821


def l2_loss(pred, target):
    loss, grad = _l2_loss(pred, target)
    return loss, [float(v) for v in grad.ravel()] + [0.0] * 1_100_000
