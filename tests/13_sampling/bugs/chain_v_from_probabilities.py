"""rbm_gibbs_chain samples v from p(v | p_h), feeding the hidden PROBABILITIES instead of
the binary hidden sample into the visible conditional (a mean-field step)."""
# ruff: noqa: F821 (rbm_sample_h and rbm_sample_v are the reference's, defined above)
CAUGHT_BY = ["test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_samples_joint",
             "test_rbm_chain_matches_reference_distribution"]
MISTAKE = "formula"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    for _ in range(steps):
        p_h, h = rbm_sample_h(v, W, c, rng)
        _, v = rbm_sample_v(p_h, W, b, rng)
    return v, h
