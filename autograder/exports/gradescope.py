"""``gradescope.json``: one submission in Gradescope's autograder ``results.json`` format.

Fields (Gradescope's autograder specification): top level ``score`` (the total points),
``execution_time`` (seconds of grading), ``output`` (the total and the points per topic),
``visibility`` and ``stdout_visibility``, and ``tests``, one per graded test, each with
``score``, ``max_score``, ``status`` (``"passed"``, or ``"failed"`` for our failed, error and
timeout), ``name`` (``topic::test``), ``output`` (the feedback), ``visibility`` and ``tags``
(the topic and the graded function).

Visibility mapping (ours -> Gradescope's):

- ``visible`` -> ``visible``: shown to the student as soon as grading ends;
- ``after_due_date`` -> ``after_due_date``: shown once the due date (or the late due date)
  has passed;
- ``hidden`` -> ``after_published``: shown once the instructor publishes the grades.
  Gradescope's own ``hidden`` (never shown to students) is meant for tests that carry no
  points and would also hide the student's total, while our hidden tests carry points.

The top-level ``visibility`` is ``visible`` (each test sets its own) and
``stdout_visibility`` is ``hidden``: the stdout of ``run_autograder`` is the grader's log,
for instructors only (the submission's own output never reaches it). A test that is not
visible reveals less, as in the terminal: its output never holds the failing input (see
:func:`autograder.exports.common.student_feedback`).
"""

from __future__ import annotations

from autograder.exports.common import points, student_feedback
from autograder.results import GradingResult

VISIBILITY = {"visible": "visible", "after_due_date": "after_due_date",
              "hidden": "after_published"}


def to_gradescope(result: GradingResult) -> dict:
    lines = [f"Total: {points(result.score)} / {points(result.max_score)} points"]
    lines += [f"{topic.name}: {points(topic.score)} / {points(topic.max_score)}"
              for topic in result.topics]
    return {
        "score": result.score,
        "execution_time": round(float(result.metadata.get("duration_s", 0.0)), 2),
        "output": "\n".join(lines),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": [
            {"score": test.score, "max_score": test.max_score,
             "status": "passed" if test.status == "passed" else "failed",
             "name": f"{topic.name}::{test.name}",
             "output": student_feedback(test),
             "visibility": VISIBILITY[test.visibility],
             "tags": [topic.name, test.function]}
            for topic in result.topics for test in topic.tests
        ],
    }


def not_gradable(message: str) -> dict:
    return {"score": 0.0, "execution_time": 0.0, "output": message, "visibility": "visible",
            "stdout_visibility": "hidden", "tests": []}
