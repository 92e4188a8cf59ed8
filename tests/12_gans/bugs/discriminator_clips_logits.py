"""discriminator_loss "stabilises" the logits by clipping them to [-20, 20] before the
softplus: no warnings and right for moderate logits, but a confidently wrong logit of 1e4
costs softplus(20) = 20 instead of 1e4."""
import numpy as np

CAUGHT_BY = [
    "test_extreme_logits[discriminator]",
    "test_matches_reference[discriminator_loss]",
]
MISTAKE = "unstable"


def discriminator_loss(real_logits, fake_logits):
    r, f = np.clip(real_logits, -20, 20), np.clip(fake_logits, -20, 20)
    d_real = 1.0 / (1.0 + np.exp(-r))
    d_fake = 1.0 / (1.0 + np.exp(-f))
    loss = -np.mean(np.log(d_real)) - np.mean(np.log(1.0 - d_fake))
    return float(loss), (d_real - 1.0) / r.size, d_fake / f.size
