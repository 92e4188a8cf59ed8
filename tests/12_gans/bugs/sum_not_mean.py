"""All three losses sum over the batch instead of averaging (np.sum where the convention is
the mean): losses and gradients are N times too large."""
import numpy as np

# softplus and sigmoid are the reference's stable helpers: this file is appended to gans.py
CAUGHT_BY = [
    "test_discriminator_loss_value",
    "test_discriminator_loss_gradcheck",
    "test_discriminator_pushes_real_up_and_fake_down",
    "test_discriminator_loss_swap_identities",
    "test_generator_loss_value[minimax]",
    "test_generator_loss_value[nonsaturating]",
    "test_generator_pushes_fake_logits_up[nonsaturating]",
    "test_known_values_at_zero_logits[discriminator]",
    "test_known_values_at_zero_logits[minimax]",
    "test_known_values_at_zero_logits[nonsaturating]",
    "test_matches_reference[discriminator_loss]",
]
MISTAKE = "batch-mean"


def discriminator_loss(real_logits, fake_logits):
    loss = np.sum(softplus(-real_logits)) + np.sum(softplus(fake_logits))
    return float(loss), -sigmoid(-real_logits), sigmoid(fake_logits)


def generator_loss_minimax(fake_logits):
    return float(-np.sum(softplus(fake_logits))), -sigmoid(fake_logits)


def generator_loss_nonsaturating(fake_logits):
    return float(np.sum(softplus(-fake_logits))), -sigmoid(-fake_logits)
