"""discriminator_loss swaps the labels: it scores the real batch as fake and the fake batch as
real, -mean log(1 - D(x)) - mean log D(G(z)) = mean softplus(real) + mean softplus(-fake), so
the discriminator would learn to call fakes real."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_discriminator_loss_value",
    "test_discriminator_loss_gradcheck",
    "test_discriminator_pushes_real_up_and_fake_down",
    "test_discriminator_loss_swap_identities",
    "test_extreme_logits[discriminator]",
    "test_known_values_at_zero_logits[discriminator]",
    "test_matches_reference[discriminator_loss]",
]
MISTAKE = "convention"


def discriminator_loss(real_logits, fake_logits):
    n_real, n_fake = real_logits.size, fake_logits.size
    loss = np.sum(softplus(real_logits)) / n_real + np.sum(softplus(-fake_logits)) / n_fake
    return float(loss), sigmoid(real_logits) / n_real, -sigmoid(-fake_logits) / n_fake
