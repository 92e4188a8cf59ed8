"""generator_loss_nonsaturating averages the loss but returns the gradient -(1 - D(G(z)))
without the 1/N: each entry is about -1 instead of -1/N when D(G(z)) -> 0."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_generator_loss_gradcheck[nonsaturating]",
    "test_generator_pushes_fake_logits_up[nonsaturating]",
    "test_nonsaturating_gradient_survives_when_discriminator_wins",
    "test_known_values_at_zero_logits[nonsaturating]",
    "test_matches_reference[generator_loss_nonsaturating]",
]
MISTAKE = "batch-mean"


def generator_loss_nonsaturating(fake_logits):
    loss = np.mean(softplus(-fake_logits))
    return float(loss), -(1.0 - sigmoid(fake_logits))
