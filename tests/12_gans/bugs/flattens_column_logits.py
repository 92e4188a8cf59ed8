"""Every loss starts with logits.ravel() (or np.squeeze), so (N, 1) logits get gradients of
shape (N,), which do not broadcast back onto a one-unit discriminator's output."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_column_logits_accepted[discriminator]",
    "test_column_logits_accepted[minimax]",
    "test_column_logits_accepted[nonsaturating]",
]
MISTAKE = "shape"


def discriminator_loss(real_logits, fake_logits):
    r, f = real_logits.ravel(), fake_logits.ravel()
    loss = np.mean(softplus(-r)) + np.mean(softplus(f))
    return float(loss), -sigmoid(-r) / r.size, sigmoid(f) / f.size


def generator_loss_minimax(fake_logits):
    f = fake_logits.ravel()
    return float(-np.mean(softplus(f))), -sigmoid(f) / f.size


def generator_loss_nonsaturating(fake_logits):
    f = fake_logits.ravel()
    return float(np.mean(softplus(-f))), -sigmoid(-f) / f.size
