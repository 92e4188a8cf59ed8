"""What a failed check knows besides its message: the kind of failure, the message a hidden
test may show, and the arrays it compared.

Every check of the toolkit raises :class:`CheckFailure` (an ``AssertionError``, so plain
``pytest.raises(AssertionError)`` and Hypothesis treat it as any failed assertion). The grader
reads its fields to write feedback (:mod:`autograder.grading.feedback`):

* ``kind``: what failed, one of :data:`KINDS`. It is part of a submission's failure pattern,
  which names a likely mistake from the topic's bug zoo (:mod:`autograder.grading.diagnosis`).
* ``hidden_message``: the text a hidden test may show, or None. A check sets it only when the
  text is made by the grader and carries no value of the reference (a mutation, a shape, a
  dtype, a type, a non-finite entry), and no text that the student's code produced. A hidden
  test whose failure has none shows a generic sentence instead.
* ``comparison``: for value and gradient mismatches, the two arrays compared
  (:class:`Comparison`), or a function that computes them when asked (a full numerical
  gradient costs one pair of evaluations per entry, so it is made once, for the failure a
  student reads, not for every example Hypothesis tries while shrinking).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

import numpy as np

KINDS = ("value", "gradient", "shape", "dtype", "type", "structure", "nonfinite", "warning",
         "mutation")


@dataclass
class Comparison:
    """Two arrays of one shape that should have been equal.

    ``what`` names the compared quantity ("dx", "sigmoid at large |x|"); ``got`` is what the
    submission gave (for a gradient check: its analytic gradient), ``expected`` what it should
    be (the central-difference gradient); ``x`` is the input a gradient was taken at, when the
    check knows it (to tell an error confined to one side of a kink)."""

    what: str
    got: np.ndarray
    expected: np.ndarray
    got_label: str = "got"
    expected_label: str = "expected"
    x: np.ndarray | None = None


ComparisonSource = Union[Comparison, Callable[[], Comparison], None]


class CheckFailure(AssertionError):
    """A failed check; see the module docstring for its fields."""

    def __init__(self, message: str, *, kind: str = "value", hidden_message: str | None = None,
                 comparison: ComparisonSource = None):
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        super().__init__(message)
        self.kind = kind
        self.hidden_message = hidden_message
        self._comparison = comparison

    def comparison(self) -> Comparison | None:
        """The arrays compared (computed on the first call when the check deferred them)."""
        if callable(self._comparison):
            self._comparison = self._comparison()
        return self._comparison
