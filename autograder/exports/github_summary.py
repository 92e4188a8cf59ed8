"""The GitHub Actions step summary written by ``autograder grade`` when the environment
variable ``GITHUB_STEP_SUMMARY`` names a file: per submission a ``Points X/Y`` line (the
form GitHub Classroom's autograding reporter writes, e.g. ``Points 85/100``) and the table
of points per topic, appended as Markdown.
"""

from __future__ import annotations

import os
from pathlib import Path

from autograder.exports.common import points, student_id
from autograder.exports.feedback import topic_table_markdown
from autograder.results import GradingResult

ENVIRONMENT_VARIABLE = "GITHUB_STEP_SUMMARY"


def step_summary(results: list[GradingResult]) -> str:
    parts = []
    for result in results:
        parts.append(f"### Autograder: {student_id(result)}\n\n"
                     f"Points {points(result.score)}/{points(result.max_score)}\n\n"
                     f"{topic_table_markdown(result)}\n")
    return "\n".join(parts)


def append_step_summary(results: list[GradingResult]) -> Path | None:
    """Append the summary to the file named by ``GITHUB_STEP_SUMMARY``; return that path,
    or None when the variable is not set. OSError when the file cannot be written."""
    target = os.environ.get(ENVIRONMENT_VARIABLE)
    if not target:
        return None
    path = Path(target)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(step_summary(results) + "\n")
    return path
