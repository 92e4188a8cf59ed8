"""generator_loss_nonsaturating confuses the two log terms: it returns -mean log(1 - D(G(z)))
= mean softplus(fake) (the minimax loss with its sign flipped) instead of -mean log D(G(z)),
with the matching gradient sigmoid(fake) / N, which pushes the fake logits down."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_generator_loss_value[nonsaturating]",
    "test_generator_loss_gradcheck[nonsaturating]",
    "test_generator_pushes_fake_logits_up[nonsaturating]",
    "test_nonsaturating_gradient_survives_when_discriminator_wins",
    "test_extreme_logits[nonsaturating]",
    "test_known_values_at_zero_logits[nonsaturating]",
    "test_matches_reference[generator_loss_nonsaturating]",
]
MISTAKE = "formula"


def generator_loss_nonsaturating(fake_logits):
    n = fake_logits.size
    return float(np.sum(softplus(fake_logits)) / n), sigmoid(fake_logits) / n
