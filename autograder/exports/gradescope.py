"""``gradescope.json``: one submission in Gradescope's autograder ``results.json`` format.

Fields (Gradescope's autograder specification, gradescope-autograders.readthedocs.io
"Autograder Specifications", and its ``submission_metadata`` page for the due date):

- ``score``: the final score (the raw score less any late penalty; Gradescope takes a
  top-level score over the sum of the tests);
- ``execution_time`` (seconds), ``output`` (see below), ``output_format``,
  ``test_output_format`` and ``test_name_format``, all ``text``: Gradescope renders every
  string as plain, escaped text, never as HTML or Markdown (the output can quote file
  names and exception messages a student chose);
- ``visibility`` ``visible`` (each test sets its own) and ``stdout_visibility``
  ``hidden``: the stdout of ``run_autograder`` is the grader's log, for instructors only;
- ``extra_data``: the autograder version, the suite fingerprint (the gradebook's
  ``suite_hash``) and, when graded against a due date, the lateness;
- ``tests``, one per graded test: ``score``, ``max_score``, ``status`` (``passed``, or
  ``failed`` for our failed, error, timeout and untestable: Gradescope knows only these
  two), ``name`` (``topic::test``), ``number``
  (``<topic number>.<k>``, so Gradescope groups the tests by topic), ``output`` (the
  feedback a student may read, see :func:`autograder.exports.common.student_feedback`),
  ``visibility``, ``tags`` (the topic and the graded function) and ``extra_data``
  (our real status: ``failed``, ``error``, ``timeout`` or ``untestable``, the last one also
  said by the feedback's first line of outcome; the function; the duration;
  our visibility); a hint (see :func:`to_gradescope`) that students may read only after
  the due date is an entry of its own, ``<topic>::<test>: hint`` numbered
  ``<topic number>.<k>.1``, worth 0 of 0 points, with visibility ``after_due_date``.

The top-level ``output`` gives the points of the visible tests per topic and, when some
tests are not visible, only how many points they are worth: a total that includes them
would show their results before Gradescope does.

Visibility (ours -> Gradescope's), :data:`VISIBILITY_MODES`:

- ``published`` (the default): ``visible`` -> ``visible``; ``after_due_date`` ->
  ``after_due_date`` (shown after the due date, or the late due date when there is one);
  ``hidden`` -> ``after_published`` (shown when the instructor publishes the grades).
  Gradescope hides the student's total while any test is not shown: until publication the
  student sees each visible test and its points, not the total.
- ``public-summary`` (Otter-Grader's approach): a first, visible entry "Public tests" with
  no points of its own (status passed only if every visible test passed) sums up the
  visible tests' points; our hidden tests become Gradescope ``hidden``, never shown to
  students, so their outcome is never revealed, only the score once grades are published.
"""

from __future__ import annotations

from autograder.exports.common import HINT, hint_of, hints_shown, points, student_feedback
from autograder.results import GradingResult, TestResult

VISIBILITY_MODES = ("published", "public-summary")
VISIBILITY = {"published": {"visible": "visible", "after_due_date": "after_due_date",
                            "hidden": "after_published"},
              "public-summary": {"visible": "visible", "after_due_date": "after_due_date",
                                 "hidden": "hidden"}}
TEXT = {"output_format": "text", "test_output_format": "text", "test_name_format": "text"}


def topic_number(name: str, position: int) -> int:
    """``02_activations`` -> 2; a name without a number prefix -> its 1-based position."""
    prefix = name.split("_", 1)[0]
    return int(prefix) if prefix.isdigit() else position


def _visible_points(tests: list[TestResult]) -> tuple[float, float]:
    shown = [test for test in tests if test.visibility == "visible"]
    return sum(t.score for t in shown), sum(t.max_score for t in shown)


def overview(result: GradingResult) -> str:
    """The top-level ``output``: visible points per topic, what is shown later, any penalty."""
    every = [test for topic in result.topics for test in topic.tests]
    earned, possible = _visible_points(every)
    later = [test for test in every if test.visibility != "visible"]
    if not later:
        lines = [f"Total: {points(result.score)} / {points(result.max_score)} points"]
    else:
        lines = [f"Visible tests: {points(earned)} / {points(possible)} points"]
    for topic in result.topics:
        got, of = _visible_points(topic.tests)
        lines.append(f"{topic.name}: {points(got)} / {points(of)}")
    if later:
        lines.append(f"{len(later)} more test(s), worth {points(sum(t.max_score for t in later))}"
                     " points, are shown later (after the due date or when grades are "
                     "published).")
    if result.lateness is not None and result.late_penalty:
        late = result.lateness
        lines.append(f"Late penalty: -{points(result.late_penalty)} points (submitted "
                     f"{late.submitted_at}, due {late.due}; policy {late.policy}).")
    return "\n".join(lines)


def _extra(result: GradingResult) -> dict:
    extra = {"autograder_version": result.metadata.get("autograder_version"),
             "suite_hash": result.metadata.get("suite_hash")}
    if result.lateness is not None:
        extra.update(raw_score=result.score, late_penalty=result.late_penalty,
                     submitted_at=result.lateness.submitted_at,
                     submitted_from=result.lateness.source, due=result.lateness.due,
                     late_policy=result.lateness.policy)
    return extra


def to_gradescope(result: GradingResult, visibility: str = "published",
                  hints: str = "never") -> dict:
    """Gradescope's results.json of ``result``; ``hints`` is the course's setting (one of
    :data:`~autograder.exports.common.HINT_SETTINGS`). Hints already due are in each test's
    output; with ``after_due_date`` before the due date, each hint is an entry of its own
    that Gradescope shows only once the assignment's due date has passed."""
    shown = hints_shown(result, hints)
    mapping = VISIBILITY[visibility]
    tests = []
    if visibility == "public-summary":
        shown = [(topic.name, test) for topic in result.topics for test in topic.tests
                 if test.visibility == "visible"]
        earned, possible = _visible_points([test for _, test in shown])
        tests.append({"name": "Public tests", "number": "0", "visibility": "visible",
                      "status": "passed" if all(t.status == "passed" for _, t in shown)
                      else "failed",
                      "output": "\n".join(
                          [f"Public tests: {points(earned)} / {points(possible)} points"]
                          + [f"{test.status:8} {points(test.score)} / {points(test.max_score)}"
                             f"  {topic}::{test.name}" for topic, test in shown])})
    for position, topic in enumerate(result.topics, start=1):
        number = topic_number(topic.name, position)
        for k, test in enumerate(topic.tests, start=1):
            tests.append({
                "score": test.score, "max_score": test.max_score,
                "status": "passed" if test.status == "passed" else "failed",
                "name": f"{topic.name}::{test.name}", "number": f"{number}.{k}",
                "output": student_feedback(test, shown), "visibility": mapping[test.visibility],
                "tags": [topic.name, test.function],
                "extra_data": {"status": test.status, "function": test.function,
                               "duration_s": round(test.duration_s, 4),
                               "visibility": test.visibility}})
            if hints == "after_due_date" and not shown and hint_of(test):
                tests.append({"score": 0.0, "max_score": 0.0, "status": "failed",
                              "name": f"{topic.name}::{test.name}: hint",
                              "number": f"{number}.{k}.1", "output": f"{HINT} {hint_of(test)}",
                              "visibility": "after_due_date", "tags": [topic.name, test.function]})
    return {"score": result.final_score,
            "execution_time": round(float(result.metadata.get("duration_s", 0.0)), 2),
            "output": overview(result), **TEXT, "visibility": "visible",
            "stdout_visibility": "hidden", "extra_data": _extra(result), "tests": tests}


def not_gradable(message: str) -> dict:
    return {"score": 0.0, "execution_time": 0.0, "output": message, **TEXT,
            "visibility": "visible", "stdout_visibility": "hidden", "tests": []}
