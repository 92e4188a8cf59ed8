"""``prairielearn.json``: one submission in PrairieLearn's external grader ``results.json``
format (written to ``/grade/results/results.json`` by a PrairieLearn grading container).

Fields: ``gradable`` (true: a submission that does not import still gets its zero, as in
every other export), ``score`` (the fraction of points earned, in [0, 1]; 0 when there is nothing to
earn), ``message`` (the total in points) and ``tests``, one per graded test, each with
``name`` (``topic::test``), ``points``, ``max_points``, ``message`` (the outcome and the
property checked) and ``output`` (the feedback a student may read, as in
:func:`autograder.exports.common.student_feedback`).

A submission that cannot be taken in at all (a wrong layout, a broken archive) is
``{"gradable": false, "message": ..., "format_errors": [...]}`` (:func:`not_gradable`):
PrairieLearn then awards and takes no points and does not count the attempt.
"""

from __future__ import annotations

from autograder.exports.common import description, points, student_feedback
from autograder.results import GradingResult


def to_prairielearn(result: GradingResult) -> dict:
    fraction = result.score / result.max_score if result.max_score > 0 else 0.0
    return {
        "gradable": True,
        "score": min(max(fraction, 0.0), 1.0),
        "message": f"{points(result.score)} / {points(result.max_score)} points",
        "tests": [
            {"name": f"{topic.name}::{test.name}", "points": test.score,
             "max_points": test.max_score,
             "message": f"{test.status}: {description(test)}",
             "output": student_feedback(test)}
            for topic in result.topics for test in topic.tests
        ],
    }


def not_gradable(message: str) -> dict:
    return {"gradable": False, "message": message, "format_errors": [message]}
