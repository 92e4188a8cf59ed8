"""``prairielearn.json``: one submission in PrairieLearn's external grader ``results.json``
format (written to ``/grade/results/results.json`` by a PrairieLearn grading job; see
:mod:`autograder.platforms.prairielearn`).

Fields (PrairieLearn's docs/externalGrading.md, "Grading results"): ``gradable`` (true: a
submission that does not import still gets its zero, as in every other export), ``score``
(the fraction of points earned after any late penalty, in [0, 1]; 0 when there is nothing to
earn), ``message`` (the points, and the late penalty when there is one) and ``tests``, one
per graded test, each with ``name`` (``topic::test``), ``description`` (the property
checked: the first line of the feedback), ``points``, ``max_points``, ``message`` (the
outcome and its one-line reason) and ``output`` (the rest of the feedback a student may
read: details and, for visible tests only, the smallest failing input; see
:func:`autograder.exports.common.student_feedback`).

A submission that cannot be taken in at all (a wrong layout, a broken archive) is
``{"gradable": false, "message": ..., "format_errors": [...]}`` (:func:`not_gradable`):
PrairieLearn then shows it as "invalid, not gradable", awards and takes no points and does
not count the attempt.

PrairieLearn's grader host refuses a ``results.json`` over 1 MiB (the job then fails as a
whole); :func:`fit` shortens the longest ``output`` fields first until the document fits
:data:`MAX_BYTES`, marking each cut and saying so in ``message``.
"""

from __future__ import annotations

import json

from autograder.exports.common import points, student_feedback
from autograder.results import GradingResult

# the grader host's limit is 1024 * 1024 bytes; keep a margin for its own reading
MAX_BYTES = 1_000_000
CUT = "\n[... cut: PrairieLearn takes at most 1 MB of results]"


def _split(feedback: str) -> tuple[str, str, str]:
    """``(description, reason, rest)`` of a feedback text: its first line, its second line,
    and what follows."""
    lines = feedback.split("\n")
    return lines[0], (lines[1] if len(lines) > 1 else ""), "\n".join(lines[2:])


def to_prairielearn(result: GradingResult, hints: bool = False) -> dict:
    """The document of ``result``; with ``hints``, each test's output ends with its hint."""
    fraction = result.final_score / result.max_score if result.max_score > 0 else 0.0
    message = f"{points(result.final_score)} / {points(result.max_score)} points"
    if result.lateness is not None and result.late_penalty:
        message += (f" ({points(result.score)} less a late penalty of "
                    f"{points(result.late_penalty)}: submitted {result.lateness.submitted_at},"
                    f" due {result.lateness.due})")
    tests = []
    for topic in result.topics:
        for test in topic.tests:
            description, reason, rest = _split(student_feedback(test, hints))
            tests.append({"name": f"{topic.name}::{test.name}", "description": description,
                          "points": test.score, "max_points": test.max_score,
                          "message": f"{test.status}: {reason}" if reason else test.status,
                          "output": rest})
    return {"gradable": True, "score": min(max(fraction, 0.0), 1.0), "message": message,
            "tests": tests}


def not_gradable(message: str) -> dict:
    return {"gradable": False, "message": message, "format_errors": [message]}


def to_json(document: dict) -> str:
    """The document as written to ``results.json``."""
    return json.dumps(document, indent=2) + "\n"


def _size(document: dict) -> int:
    return len(to_json(document).encode("utf-8"))


def fit(document: dict, limit: int = MAX_BYTES) -> dict:
    """``document`` itself when its JSON (as written) fits ``limit`` bytes, else a copy whose
    longest test outputs are cut, longest first, until it does."""
    if _size(document) <= limit:
        return document
    fitted = {**document, "tests": [dict(test) for test in document.get("tests", [])],
              "message": (f"{document.get('message', '')} (some test output was cut to fit "
                          "PrairieLearn's 1 MB limit)").strip()}
    while (excess := _size(fitted) - limit) > 0:
        longest = max(fitted["tests"], key=lambda test: len(test.get("output", "")),
                      default=None)
        if longest is None or len(longest["output"]) <= len(CUT):
            raise ValueError(f"results do not fit {limit} bytes even without test output")
        text = longest["output"].removesuffix(CUT)
        keep = max(0, min(len(text) // 2, len(text) - excess - len(CUT)))
        longest["output"] = text[:keep] + CUT
    return fitted
