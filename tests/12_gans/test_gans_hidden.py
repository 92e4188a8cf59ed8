"""Hidden graded tests for 12_gans: agreement with the reference solution on generated logits,
moderate and huge, of shape (N,) or (N, 1), with the inputs left unchanged."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    SEEDS,
    assert_close,
    assert_inputs_unchanged,
    expect_array,
    expect_scalar,
    expect_tuple,
    fill,
    hidden_params,
)

ATOL = 1e-15  # a correct gradient computed as 1 - sigmoid(.) errs by up to 1.1e-16 / N


@st.composite
def logits(draw):
    """1 to 8 distinct logits, of shape (N,) or (N, 1): some in [-30, 30) and some in
    [-1e4, 1e4) (where sigmoid rounds to 0 or 1), shuffled."""
    moderate, huge = draw(st.integers(0, 5)), draw(st.integers(0, 3))
    if moderate + huge == 0:
        moderate = 1
    seed = draw(SEEDS)
    values = np.concatenate([fill((moderate,), seed, -30.0, 30.0),
                             fill((huge,), seed + 1, -1e4, 1e4)])
    values = np.random.default_rng(seed + 2).permutation(values)
    return values[:, None] if draw(st.booleans()) else values


INPUTS = {
    "discriminator_loss": st.fixed_dictionaries({"real_logits": logits(),
                                                 "fake_logits": logits()}),
    "generator_loss_minimax": st.fixed_dictionaries({"fake_logits": logits()}),
    "generator_loss_nonsaturating": st.fixed_dictionaries({"fake_logits": logits()}),
}
GRADIENT_NAMES = {"discriminator_loss": ("d_real_logits", "d_fake_logits")}


@pytest.mark.parametrize("function", hidden_params(list(INPUTS), points=2))
@given(data=st.data())
def test_matches_reference(student, reference, function, data):
    """The loss and the gradients agree with the reference solution on moderate and huge
    logits of shape (N,) or (N, 1), and the inputs are left unchanged."""
    kwargs = data.draw(INPUTS[function], label="inputs")
    result = assert_inputs_unchanged(getattr(student, function), **kwargs)
    expected = getattr(reference, function)(**kwargs)
    got = expect_tuple(result.value, len(expected), f"{function}()")
    assert_close(expect_scalar(got[0], "the loss"), expected[0], "the loss", rtol=1e-9)
    names = GRADIENT_NAMES.get(function, ("d_fake_logits",))
    for name, grad, want in zip(names, got[1:], expected[1:]):
        assert_close(expect_array(grad, name, like=want), want, name, rtol=1e-9, atol=ATOL)
