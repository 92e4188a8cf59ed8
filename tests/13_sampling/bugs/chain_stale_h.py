"""rbm_gibbs_chain samples v from the hidden state of the PREVIOUS step (a stale h kept in
a variable that is updated after the visible draw), not from the h just sampled."""
# ruff: noqa: F821 (rbm_sample_h and rbm_sample_v are the reference's, defined above)
CAUGHT_BY = ["test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]", "test_rbm_chain_samples_joint",
             "test_rbm_chain_matches_reference_distribution"]
MISTAKE = "formula"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    _, h = rbm_sample_h(v0, W, c, rng)
    for _ in range(steps):
        _, h_new = rbm_sample_h(v, W, c, rng)
        _, v = rbm_sample_v(h, W, b, rng)
        h = h_new
    return v, h
