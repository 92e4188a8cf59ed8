"""max_pool_backward reuses the cached input array as the gradient buffer ("saves memory"):
it overwrites x in the cache, corrupting the caller's data."""
CAUGHT_BY = ["test_backward_matches_reference[max_pool_backward]"]
MISTAKE = "in-place"

_correct_max_pool_backward = max_pool_backward  # noqa: F821 (the reference, defined above)


def max_pool_backward(dout, cache):
    x = cache[0]
    dx = _correct_max_pool_backward(dout, cache)
    x[...] = dx
    return x
