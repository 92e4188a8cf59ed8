"""Hidden-test helpers: a student's CS231n layer against the reference on the same inputs.

A hidden test draws inputs, runs the student's function (in the sandbox) and the reference
(in the grader) on them, and requires the same outputs and unchanged inputs::

    @pytest.mark.parametrize("function", hidden_params(["affine_forward"], points=2))
    @given(data=st.data())
    def test_forward_matches_reference(student, reference, function, data):
        assert_forward_matches(student, reference, function, data.draw(INPUTS[function]))
"""

from __future__ import annotations

from typing import Sequence

import pytest

from autograder.checks.contracts import (
    assert_close,
    assert_inputs_unchanged,
    assert_unchanged,
    expect_array,
    expect_tuple,
)
from autograder.checks.dependencies import working_forward_backward
from autograder.checks.marks import graded
from autograder.checks.strategies import fill

RTOL = 1e-9
ATOL = 1e-12


def hidden_params(functions: Sequence[str], points: float, contract: str | None = None
                  ) -> list:
    """One ``pytest.param`` per function name, graded ``points`` as a hidden test of it
    (a contract test when ``contract`` names the rule)."""
    return [pytest.param(name, marks=graded(points, name, "hidden", contract=contract), id=name)
            for name in functions]


def assert_forward_matches(student, reference, function: str, kwargs: dict, *,
                           rtol: float = RTOL, atol: float = ATOL) -> None:
    """``function(**kwargs) -> (out, cache)``: the student's ``out`` equals the reference's
    within ``|got - expected| <= atol + rtol |expected|``, and no input is changed."""
    result = assert_inputs_unchanged(getattr(student, function), **kwargs)
    out, _ = expect_tuple(result.value, 2, f"{function}()")
    expected, _ = getattr(reference, function)(**kwargs)
    assert_close(expect_array(out, f"{function}() output", like=expected), expected,
                 f"{function}() output", rtol=rtol, atol=atol)


def assert_backward_matches(student, reference, forward: str, backward: str, kwargs: dict,
                            seed: int, names: Sequence[str] | None = None, *,
                            rtol: float = RTOL, atol: float = ATOL) -> None:
    """Each side runs its own ``forward(**kwargs)``, then ``backward(dout, cache)`` with the
    same ``dout = fill(out.shape, seed)`` (the student's pair in one request to the sandbox):
    the student's gradients equal the reference's, and neither ``dout`` nor the cache is
    changed. Inputs on which the student's forward does not work are rejected
    (:func:`~autograder.checks.dependencies.working_forward`): decorate the test with
    ``@through(forward)``.

    ``names`` names the gradients of a backward that returns a tuple (default "gradient 1",
    ...); a backward that returns one array is named "dx".
    """
    expected_out, reference_cache = getattr(reference, forward)(**kwargs)
    dout = fill(expected_out.shape, seed)
    _, result = working_forward_backward(getattr(student, forward),
                                         getattr(student, backward), kwargs, dout,
                                         expected_out.shape)
    got = assert_unchanged(getattr(student, backward), result, {}).value
    expected = getattr(reference, backward)(dout, reference_cache)
    if not isinstance(expected, tuple):
        got, expected, names = (got,), (expected,), ("dx",)
    else:
        got = expect_tuple(got, len(expected), f"{backward}()")
        names = names or [f"gradient {i + 1}" for i in range(len(expected))]
    for name, g, e in zip(names, got, expected):
        assert_close(expect_array(g, f"{name} of {backward}()", like=e), e,
                     f"{name} of {backward}()", rtol=rtol, atol=atol)
