"""discriminator_loss negates the real logits in place (real_logits *= -1, to reuse
softplus(-real)), corrupting the caller's array; its values are right."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = ["test_matches_reference[discriminator_loss]"]
MISTAKE = "in-place"


def discriminator_loss(real_logits, fake_logits):
    n_real, n_fake = real_logits.size, fake_logits.size
    real_logits *= -1.0
    loss = np.sum(softplus(real_logits)) / n_real + np.sum(softplus(fake_logits)) / n_fake
    return float(loss), -sigmoid(real_logits) / n_real, sigmoid(fake_logits) / n_fake
