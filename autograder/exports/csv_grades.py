"""``grades.csv``: the class gradebook, one row per student.

Columns: ``student_id``, one column per topic (named like ``02_activations``, in course
order, holding that topic's points), ``total`` and ``max`` (the total's maximum). A topic a
submission was not graded on is left empty. Points are written as ``85`` or ``85.5``. An id
that a spreadsheet would take for a formula (``-x``, ``+x``, ``@x``) starts with ``'``
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
        writer.writerow(["student_id", *topics, "total", "max"])
        for sid, result in zip(student_ids(results), results):
            scores = {topic.name: points(topic.score) for topic in result.topics}
            writer.writerow([csv_cell(sid), *(scores.get(name, "") for name in topics),
                             points(result.score), points(result.max_score)])
