"""rbm_gibbs_chain starts its loop at 1 (range(1, steps)) after sampling h from v0, so it
runs one full step too few (and returns v0 itself when steps == 1)."""
# ruff: noqa: F821 (rbm_sample_h and rbm_sample_v are the reference's, defined above)
CAUGHT_BY = ["test_rbm_chain_k_step_distribution[rectangular]",
             "test_rbm_chain_k_step_distribution[square]",
             "test_rbm_chain_matches_reference_distribution"]
MISTAKE = "off-by-one"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    _, h = rbm_sample_h(v, W, c, rng)
    for _ in range(1, steps):
        _, v = rbm_sample_v(h, W, b, rng)
        _, h = rbm_sample_h(v, W, c, rng)
    return v.copy(), h
