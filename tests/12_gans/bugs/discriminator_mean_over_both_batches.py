"""discriminator_loss treats real and fake as one batch of N_real + N_fake labelled examples
and takes a single mean over it: half the stated loss when the batches are the same size
(log 2 instead of 2 log 2 at logits of 0), and gradients divided by N_real + N_fake."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_discriminator_loss_value",
    "test_discriminator_loss_gradcheck",
    "test_discriminator_loss_swap_identities",
    "test_known_values_at_zero_logits[discriminator]",
    "test_matches_reference[discriminator_loss]",
]
MISTAKE = "batch-mean"


def discriminator_loss(real_logits, fake_logits):
    n = real_logits.size + fake_logits.size
    loss = (np.sum(softplus(-real_logits)) + np.sum(softplus(fake_logits))) / n
    return float(loss), -sigmoid(-real_logits) / n, sigmoid(fake_logits) / n
