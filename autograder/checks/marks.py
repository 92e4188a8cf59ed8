"""How a test declares what it grades: the ``graded`` marker and the grading example count.

``rules`` names the rules of the function's docstring that a test checks: a reference
docstring may end with a ``Rules:`` list of ``- name: statement`` lines (ties, ranks,
defaults, errors), and ``autograder verify`` fails when a rule is named by no test.

Two options guard against points for nothing:

* ``requires``: tests of the same topic that must pass for this one to earn its points.
  A property that a constant function also satisfies (an invariance, a shape, "inputs
  unchanged") names a value test of the same function here, so that it pays only together
  with evidence of correct values. A visible test may only require visible tests (a student's
  ``check`` runs no hidden test).
* ``contract``: a short name for a rule of this course that is a convention rather than the
  mathematics (inputs left unchanged, a ``ValueError`` for sizes that do not fit, finiteness
  at extreme inputs). A course weighs all of them with ``contract_weight`` in its
  ``course.toml`` (0 included: the tests still run and report, for 0 points).
"""

from __future__ import annotations

from typing import Any, Mapping

import pytest

from autograder.results import VISIBILITIES

GRADING_EXAMPLES = 50  # Hypothesis examples per graded test in the grading profile


def graded(points: float, function: str, visibility: str = "visible", *,
           requires: str | tuple[str, ...] = (), contract: str | None = None,
           rules: str | tuple[str, ...] = ()) -> pytest.MarkDecorator:
    """Mark a test as graded: worth ``points``, grading ``function``, with a visibility of
    ``visible`` (shown to students, released with the assignment), ``hidden`` or
    ``after_due_date``; ``requires``, ``contract`` and ``rules`` as in the module's
    docstring."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    if not points > 0:
        raise ValueError("a graded test is worth more than 0 points")
    if contract is not None and not (isinstance(contract, str) and contract.strip()):
        raise ValueError("contract names the rule a contract test checks, e.g. 'inputs unchanged'")
    requires = (requires,) if isinstance(requires, str) else tuple(requires)
    rules = (rules,) if isinstance(rules, str) else tuple(rules)
    return pytest.mark.graded(points=points, function=function, visibility=visibility,
                              requires=requires, contract=contract, rules=rules)


def points_of(kwargs: Mapping[str, Any], contract_weight: float = 1.0) -> float:
    """A graded test's points: its declared points, times the course's ``contract_weight``
    for a contract test."""
    points = float(kwargs["points"])
    return points * contract_weight if kwargs.get("contract") else points


def unchanged_params(value_tests: Mapping[str, str], points: float = 1) -> list:
    """``pytest.param`` per function for a public inputs-unchanged test parametrized by
    ``function``: each graded ``points`` for ``function``, the contract "inputs unchanged",
    the docstring rule ``inputs-unchanged``, and paid only with the function's value test
    ``value_tests[function]`` (a constant leaves its inputs unchanged too)."""
    return [pytest.param(function, id=function, marks=graded(
        points, function, contract="inputs unchanged", requires=value_test,
        rules="inputs-unchanged")) for function, value_test in value_tests.items()]
