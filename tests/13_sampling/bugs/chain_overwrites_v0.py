"""rbm_gibbs_chain writes each new visible sample into v0's memory (v = v0; v[:] = ...),
corrupting the caller's starting states."""
# ruff: noqa: F821 (rbm_sample_h and rbm_sample_v are the reference's, defined above)
CAUGHT_BY = ["test_inputs_unchanged[rbm_gibbs_chain]"]
MISTAKE = "in-place"


def rbm_gibbs_chain(v0, W, b, c, steps, rng):
    v = v0
    for _ in range(steps):
        _, h = rbm_sample_h(v, W, c, rng)
        v[:] = rbm_sample_v(h, W, b, rng)[1]
    return v.copy(), h
