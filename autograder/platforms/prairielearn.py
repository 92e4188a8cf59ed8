"""PrairieLearn's external grader: ``autograder prairielearn`` as a question's entrypoint.

PrairieLearn (docs/externalGrading.md; apps/grader-host) runs the question's
``externalGradingOptions.entrypoint`` in a container with::

    /grade/student/             the student's files
    /grade/tests/               the question's tests/ folder
    /grade/serverFilesCourse/   the course files the question lists
    /grade/data/data.json       the question's data
    /grade/results/results.json what the entrypoint must write (the folder is not created)

and counts the job as succeeded only when the container exits with 0 within the job's
``timeout`` (default 30 s, at most 600 s) and ``results.json`` is at most 1 MiB; anything
else throws the results away and shows the student an autograder failure. Its default
container has 2 GiB of memory (no swap) and 0.9 of a CPU, shared by the grader and the
sandboxed worker.

So :func:`run_job` always writes a results document and returns 0 once it is written:

- a graded submission: :func:`autograder.exports.prairielearn.to_prairielearn`, cut to fit
  the size limit;
- a submission that cannot be taken in: ``gradable: false`` with ``format_errors`` (the
  attempt is not counted);
- the autograder itself failing (a course bug, anything unexpected): ``gradable: false``
  with a message saying it is not the student's fault; the details go to the job's log.

Only when ``results.json`` cannot be written does it return 1.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from typing import TextIO

from autograder.course import Course, Topic
from autograder.exports import prairielearn
from autograder.exports.common import hints_shown
from autograder.grading import intake
from autograder.grading.runner import GradingOptions, grade

GRADE_ROOT = Path("/grade")
NOT_YOUR_FAULT = ("The autograder could not grade this submission. This is not a problem "
                  "with your work and no attempt was used; please tell course staff.")


def grade_job(course: Course, root: Path, topics: list[Topic], options: GradingOptions,
              hints: str = "never") -> dict:
    """The results document for the job laid out under ``root``, with hints as ``hints``
    says (PrairieLearn gives the grader no due date, so ``after_due_date`` shows none);
    raises only when the autograder itself fails (GradingError or a bug)."""
    student = root / "student"
    found = sorted(student.iterdir()) if student.is_dir() else []
    if not found:
        return prairielearn.not_gradable("No files were submitted.")
    # one uploaded .zip or notebook is the submission itself, as on Gradescope
    if len(found) == 1 and found[0].is_file() and found[0].suffix.lower() in (".zip", ".ipynb"):
        student = found[0]
    problem, _ = intake.check_submission(student, topics)
    if problem:
        expected = ", ".join(f"{topic.module}.py" for topic in topics)
        return prairielearn.not_gradable(
            f"{problem.replace(str(student), 'Your submission')} (expected {expected}, or a "
            ".zip of the assignment's folders)")
    result = grade(course, student, topics, options)
    return prairielearn.fit(prairielearn.to_prairielearn(result, hints_shown(result, hints)))


def write_results(root: Path, document: dict) -> Path:
    """Write ``root/results/results.json`` (through a temporary file and a rename, so a
    job killed mid-write leaves no partial document)."""
    target = root / "results" / "results.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(".results.json.partial")
    partial.write_text(prairielearn.to_json(document), encoding="utf-8")
    os.replace(partial, target)
    return target


def run_job(course: Course, root: Path, topics: list[Topic], options: GradingOptions,
            log: TextIO, hints: str = "never") -> int:
    """Grade the job under ``root`` and write its results; the exit status for PrairieLearn
    (0 once results are written)."""
    try:
        document = grade_job(course, root, topics, options, hints)
    except Exception:  # the autograder's own failure: the student must not pay for it
        traceback.print_exc(file=log)
        document = {"gradable": False, "message": NOT_YOUR_FAULT}
    try:
        path = write_results(root, document)
    except OSError as exc:
        print(f"cannot write the results: {exc}", file=log)
        return 1
    print(f"wrote {path}: " + (f"score {document['score']:.3f}" if document["gradable"]
                               else "not gradable"), file=log)
    return 0
