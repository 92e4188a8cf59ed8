"""rbm_gibbs_chain returns h resampled from the final v (the CD-k negative phase), not the
hidden sample from which the final v was drawn, as the docstring specifies."""
# ruff: noqa: F821 (rbm_sample_h and rbm_sample_v are the reference's, defined above)
CAUGHT_BY = ["test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]",
             "test_rbm_chain_matches_reference_distribution"]
MISTAKE = "formula"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    for _ in range(steps):
        _, h = rbm_sample_h(v, W, c, rng)
        _, v = rbm_sample_v(h, W, b, rng)
    _, h = rbm_sample_h(v, W, c, rng)
    return v, h
