"""How a test declares what it grades: the ``graded`` marker and the grading example count."""

from __future__ import annotations

import pytest

from autograder.results import VISIBILITIES

GRADING_EXAMPLES = 50  # Hypothesis examples per graded test in the grading profile


def graded(points: float, function: str, visibility: str = "visible") -> pytest.MarkDecorator:
    """Mark a test as graded: worth ``points``, grading ``function``, with a visibility of
    ``visible`` (shown to students, released with the assignment), ``hidden`` or
    ``after_due_date``."""
    if visibility not in VISIBILITIES:
        raise ValueError(f"visibility must be one of {VISIBILITIES}, not {visibility!r}")
    if not points > 0:
        raise ValueError("a graded test is worth more than 0 points")
    return pytest.mark.graded(points=points, function=function, visibility=visibility)
