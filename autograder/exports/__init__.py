"""Exports made from the one results model (:mod:`autograder.results`), written under an
output folder::

    OUT_DIR/grades.csv                         csv: one row per student (csv_grades)
    OUT_DIR/junit.xml                          junit: every student x graded test (junit)
    OUT_DIR/report.html                        report: the class report (class_report)
    OUT_DIR/students/<id>/results.json         results: GradingResult.to_json()
    OUT_DIR/students/<id>/gradescope.json      gradescope: Gradescope's results.json
    OUT_DIR/students/<id>/prairielearn.json    prairielearn: PrairieLearn's results.json
    OUT_DIR/students/<id>/feedback.md, .html   feedback: what the student reads (feedback)

``<id>`` is :func:`student_id` of each result. Each format's module documents its fields.
Exports are made from results alone: they never import grading, the sandbox or platforms.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from autograder.exports import (
    class_report,
    csv_grades,
    feedback,
    gradescope,
    junit,
    prairielearn,
)
from autograder.exports.common import student_id, student_ids
from autograder.exports.github_summary import append_step_summary
from autograder.results import GradingResult

EXPORTS: tuple[str, ...] = ("csv", "results", "gradescope", "prairielearn", "feedback",
                            "junit", "report")
# formats `autograder grade --format` prints for the submissions it graded; the first two
# describe one submission only
SINGLE_FORMATS: tuple[str, ...] = ("gradescope", "prairielearn", "junit", "markdown")

__all__ = ["EXPORTS", "SINGLE_FORMATS", "append_step_summary", "not_gradable", "render",
           "student_id", "write_exports"]


def _json(data: dict) -> str:
    return json.dumps(data, indent=2) + "\n"


def _per_student(fmt: str, result: GradingResult, hints: bool) -> dict[str, str]:
    """File name -> content of one student's files in format ``fmt``."""
    if fmt == "results":
        return {"results.json": result.to_json() + "\n"}
    if fmt == "gradescope":
        return {"gradescope.json": _json(gradescope.to_gradescope(result))}
    if fmt == "prairielearn":
        return {"prairielearn.json": _json(prairielearn.to_prairielearn(result))}
    return {"feedback.md": feedback.to_markdown(result, hints),
            "feedback.html": feedback.to_html(result, hints)}


def render(fmt: str, results: list[GradingResult]) -> str:
    """The text of ``results`` in one of :data:`SINGLE_FORMATS`: Gradescope's or
    PrairieLearn's ``results.json`` (exactly one result), JUnit XML, or the Markdown
    feedback of each submission."""
    if fmt in ("gradescope", "prairielearn"):
        if len(results) != 1:
            raise ValueError(f"--format {fmt} describes one submission, got {len(results)}")
        module = gradescope.to_gradescope if fmt == "gradescope" else prairielearn.to_prairielearn
        return _json(module(results[0]))
    if fmt == "junit":
        return junit.junit_text(results)
    if fmt == "markdown":
        return "\n".join(feedback.to_markdown(result) for result in results)
    raise ValueError(f"unknown format {fmt!r}; valid: {', '.join(SINGLE_FORMATS)}")


def not_gradable(fmt: str, message: str) -> str | None:
    """Gradescope's or PrairieLearn's ``results.json`` for a submission that cannot be taken
    in (``message`` says why), so that the platform shows the reason; None for the formats
    that have no such document."""
    if fmt == "gradescope":
        return _json(gradescope.not_gradable(message))
    if fmt == "prairielearn":
        return _json(prairielearn.not_gradable(message))
    return None


def write_exports(results: list[GradingResult], out_dir: Path,
                  formats: Iterable[str] = EXPORTS, hints: bool = False) -> list[Path]:
    """Write the chosen ``formats`` (names from :data:`EXPORTS`) of ``results`` under
    ``out_dir`` (created if needed); return the paths written, in a stable order. With
    ``hints``, the feedback files name the likely mistakes from the topics' bug zoos.

    ValueError, before anything is written, for an unknown format name (the message lists
    the valid ones), an empty class or two submissions with the same student id."""
    chosen = list(dict.fromkeys(formats))
    unknown = [name for name in chosen if name not in EXPORTS]
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(map(repr, unknown))}; "
                         f"valid: {', '.join(EXPORTS)}")
    if not results:
        raise ValueError("no results to export")
    ids = student_ids(results)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    if "csv" in chosen:
        path = out_dir / "grades.csv"
        csv_grades.write_grades_csv(results, path)
        written.append(path)
    for sid, result in zip(ids, results):
        for fmt in chosen:
            if fmt in ("results", "gradescope", "prairielearn", "feedback"):
                for name, text in _per_student(fmt, result, hints).items():
                    write(out_dir / "students" / sid / name, text)
    if "junit" in chosen:
        path = out_dir / "junit.xml"
        junit.write_junit(results, path)
        written.append(path)
    if "report" in chosen:
        links = {sid: class_report.feedback_link(sid) for sid in ids
                 if (out_dir / "students" / sid / "feedback.html").is_file()}
        write(out_dir / "report.html", class_report.to_html(results, links))
    return written
