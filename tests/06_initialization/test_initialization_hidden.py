"""Hidden graded tests for 06_initialization: the exact draw of the reference solution."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import SEEDS, assert_close, expect_array, graded


@pytest.mark.parametrize("function", [
    pytest.param(name, marks=graded(2, name, "hidden"), id=name)
    for name in ("xavier_init", "he_init")
])
@given(fan_in=st.integers(1, 64), fan_out=st.integers(1, 64), seed=SEEDS)
def test_init_matches_reference(student, reference, function, fan_in, fan_out, seed):
    """With generators of the same seed, the weights equal the reference solution's
    rng.standard_normal((fan_in, fan_out)) * std, the draw the README prescribes
    (rng.normal(0, std, size=(fan_in, fan_out)) gives the same numbers), up to rounding."""
    # Deterministic: catches any wrong scale or distribution, however close to the right one.
    # rtol 1e-12 admits std computed as sqrt(c) / sqrt(fan_in), or dividing by sqrt(fan_in /
    # c) instead of multiplying (a few ulps apart).
    got = expect_array(getattr(student, function)(fan_in, fan_out, np.random.default_rng(seed)),
                       f"{function}({fan_in}, {fan_out}, rng)", shape=(fan_in, fan_out))
    expected = getattr(reference, function)(fan_in, fan_out, np.random.default_rng(seed))
    assert_close(got, expected, f"{function}({fan_in}, {fan_out}, rng) (seed {seed})",
                 rtol=1e-12, atol=0.0)
