"""generator_loss_minimax has the right loss, mean log(1 - D(G(z))), but the gradient of its
negative, +D(G(z)) / N (the derivative of log(1 - D) taken as +D)."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_generator_loss_gradcheck[minimax]",
    "test_generator_pushes_fake_logits_up[minimax]",
    "test_minimax_gradient_vanishes_when_discriminator_wins",
    "test_extreme_logits[minimax]",
    "test_known_values_at_zero_logits[minimax]",
    "test_matches_reference[generator_loss_minimax]",
]
MISTAKE = "sign"


def generator_loss_minimax(fake_logits):
    n = fake_logits.size
    return float(-np.sum(softplus(fake_logits)) / n), sigmoid(fake_logits) / n
