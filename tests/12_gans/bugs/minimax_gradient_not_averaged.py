"""generator_loss_minimax averages the loss but forgets the 1/N in the gradient:
d_fake_logits = -D(G(z)) instead of -D(G(z)) / N."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_generator_loss_gradcheck[minimax]",
    "test_minimax_gradient_vanishes_when_discriminator_wins",
    "test_known_values_at_zero_logits[minimax]",
    "test_matches_reference[generator_loss_minimax]",
]
MISTAKE = "batch-mean"


def generator_loss_minimax(fake_logits):
    return float(-np.mean(softplus(fake_logits))), -sigmoid(fake_logits)
