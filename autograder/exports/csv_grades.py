"""``grades.csv``: the class gradebook, one row per student.

Columns, named as nbgrader's grade export names them where it has them:
``student_id``; ``duedate``, ``timestamp`` (the submission time) and ``timestamp_source``
(``gradescope``, ``git`` or ``file``), empty when the batch had no due date; one column per
topic (named like ``02_activations``, in course order, holding that topic's points; empty
for a topic the submission was not graded on); ``raw_score`` (what the tests gave),
``late_submission_penalty`` (points the late policy took), ``score`` (raw score less the
penalty) and ``max_score``. Points are written as ``85`` or ``85.5``.
An id that a spreadsheet would take for a formula (``-x``, ``+x``, ``@x``) starts with ``'``
(:func:`autograder.inert.csv_cell`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from autograder.exports.common import points, student_ids, topic_names
from autograder.inert import csv_cell
from autograder.results import GradingResult


def write_grades_csv(results: list[GradingResult], path: Path) -> None:
    topics = topic_names(results)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["student_id", "duedate", "timestamp", "timestamp_source", *topics,
                         "raw_score", "late_submission_penalty", "score", "max_score"])
        for sid, result in zip(student_ids(results), results):
            scores = {topic.name: points(topic.score) for topic in result.topics}
            late = result.lateness
            writer.writerow([csv_cell(sid), *((late.due, late.submitted_at, late.source) if late
                                    else ("", "", "")),
                             *(scores.get(name, "") for name in topics),
                             points(result.score), points(result.late_penalty),
                             points(result.final_score), points(result.max_score)])
