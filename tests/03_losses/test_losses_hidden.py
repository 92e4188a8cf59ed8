"""Hidden graded tests for 03_losses: agreement with the reference solution and inputs left
unchanged."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from autograder.checks import (
    assert_close,
    assert_inputs_unchanged,
    classification,
    expect_array,
    expect_scalar,
    expect_tuple,
    graded,
    pairs,
    shapes,
)

INPUTS = {
    "l1_loss": pairs(shapes(min_dims=1, max_dims=3)).map(lambda p: {"pred": p[0],
                                                                    "target": p[1]}),
    "l2_loss": pairs(shapes(min_dims=1, max_dims=3)).map(lambda p: {"pred": p[0],
                                                                    "target": p[1]}),
    "softmax_loss": classification(low=-30, high=30).map(lambda d: {"x": d[0], "y": d[1]}),
    "svm_loss": st.tuples(classification(), st.floats(0.1, 3.0)).map(
        lambda d: {"x": d[0][0], "y": d[0][1], "delta": d[1]}),
}


@pytest.mark.parametrize("function", [
    pytest.param(name, marks=graded(2, name, "hidden"), id=name) for name in INPUTS
])
@given(data=st.data())
def test_loss_matches_reference(student, reference, function, data):
    """The loss and its gradient agree with the reference solution, and the inputs are left
    unchanged."""
    kwargs = data.draw(INPUTS[function], label="inputs")
    result = assert_inputs_unchanged(getattr(student, function), **kwargs)
    loss, grad = expect_tuple(result.value, 2, f"{function}()")
    expected_loss, expected_grad = getattr(reference, function)(**kwargs)
    assert_close(expect_scalar(loss, "the loss"), expected_loss, "the loss", rtol=1e-9)
    assert_close(expect_array(grad, "the gradient", like=expected_grad), expected_grad,
                 "the gradient", rtol=1e-9, atol=1e-12)
