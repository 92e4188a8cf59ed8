"""Exports made from the one results model (:mod:`autograder.results`), written under an
output folder::

    OUT_DIR/grades.csv                         csv: one row per student (csv_grades)
    OUT_DIR/junit.xml                          junit: every student x graded test (junit)
    OUT_DIR/report.html                        report: the class report (class_report)
    OUT_DIR/students/<id>/results.json         results: GradingResult.to_json()
    OUT_DIR/students/<id>/gradescope.json      gradescope: Gradescope's results.json
    OUT_DIR/students/<id>/prairielearn.json    prairielearn: PrairieLearn's results.json
    OUT_DIR/students/<id>/feedback.md, .html   feedback: what the student reads (feedback)
    OUT_DIR/canvas.csv, OUT_DIR/moodle.csv     canvas, moodle: the LMS's gradebook import,
                                               from a roster (lms); with -roster.txt listing
                                               who could not be matched

``<id>`` is :func:`student_id` of each result. Each format's module documents its fields.
Exports are made from results alone: they never import grading, the sandbox or platforms.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Iterable

from autograder.exports import (
    class_report,
    csv_grades,
    feedback,
    gradescope,
    junit,
    lms,
    prairielearn,
)
from autograder.exports.common import hints_shown, student_id, student_ids
from autograder.exports.github_summary import append_step_summary
from autograder.results import GradingResult

EXPORTS: tuple[str, ...] = ("csv", "results", "gradescope", "prairielearn", "feedback",
                            "junit", "report", "canvas", "moodle")
# what a batch writes unless told otherwise: the LMS files need a roster (see .lms)
DEFAULT_EXPORTS: tuple[str, ...] = tuple(name for name in EXPORTS if name not in lms.PLATFORMS)
# formats `autograder grade --format` prints for the submissions it graded; the first two
# describe one submission only
SINGLE_FORMATS: tuple[str, ...] = ("gradescope", "prairielearn", "junit", "markdown")

__all__ = ["DEFAULT_EXPORTS", "EXPORTS", "SINGLE_FORMATS", "ExportError", "append_step_summary",
           "not_gradable", "render", "student_id", "write_exports"]


def _json(data: dict) -> str:
    return json.dumps(data, indent=2) + "\n"


def _per_student(fmt: str, result: GradingResult, hints: str) -> dict[str, str]:
    """File name -> content of one student's files in format ``fmt``."""
    if fmt == "results":
        return {"results.json": result.to_json() + "\n"}
    if fmt == "gradescope":
        return {"gradescope.json": _json(gradescope.to_gradescope(result, hints=hints))}
    shown = hints_shown(result, hints)
    if fmt == "prairielearn":
        return {"prairielearn.json": _json(prairielearn.fit(
            prairielearn.to_prairielearn(result, shown)))}
    return {"feedback.md": feedback.to_markdown(result, shown),
            "feedback.html": feedback.to_html(result, shown)}


def render(fmt: str, results: list[GradingResult], gradescope_visibility: str = "published",
           hints: str = "never") -> str:
    """The text of ``results`` in one of :data:`SINGLE_FORMATS`: Gradescope's (tests mapped
    by ``gradescope_visibility``, one of :data:`gradescope.VISIBILITY_MODES`) or
    PrairieLearn's ``results.json`` (exactly one result, cut to PrairieLearn's size
    limit), JUnit XML, or the Markdown feedback of each submission. ``hints`` is when
    students read the hints (:func:`~autograder.exports.common.hints_shown`)."""
    if fmt in ("gradescope", "prairielearn"):
        if len(results) != 1:
            raise ValueError(f"--format {fmt} describes one submission, got {len(results)}")
        if fmt == "gradescope":
            return _json(gradescope.to_gradescope(results[0], gradescope_visibility, hints))
        return _json(prairielearn.fit(prairielearn.to_prairielearn(
            results[0], hints_shown(results[0], hints))))
    if fmt == "junit":
        return junit.junit_text(results)
    if fmt == "markdown":
        return "\n".join(feedback.to_markdown(result, hints_shown(result, hints))
                         for result in results)
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
                  formats: Iterable[str] = DEFAULT_EXPORTS,
                  lms_options: lms.LmsOptions | None = None,
                  hints: str = "never") -> list[Path]:
    """Write the chosen ``formats`` (names from :data:`EXPORTS`) of ``results`` under
    ``out_dir`` (created if needed); return the paths written, in a stable order.
    ``canvas`` and ``moodle`` need ``lms_options`` (the roster and the assignment column);
    each also writes ``<name>-roster.txt`` when the roster and the class do not match.
    ``hints`` (one of :data:`~autograder.exports.common.HINT_SETTINGS`) is when students
    read the hints: each student's feedback files, Gradescope and PrairieLearn documents
    carry them as :func:`~autograder.exports.common.hints_shown` says.

    ValueError, before anything is written, for an unknown format name (the message lists
    the valid ones), an empty class, two submissions with the same student id, or an LMS
    format without a usable roster (:class:`lms.RosterError`). Every file is written to a
    temporary file beside it first and all are renamed into place only once all were
    written: a full or read-only disk raises :class:`ExportError` and leaves the previous
    exports as they were."""
    chosen = list(dict.fromkeys(formats))
    unknown = [name for name in chosen if name not in EXPORTS]
    if unknown:
        raise ValueError(f"unknown export format(s) {', '.join(map(repr, unknown))}; "
                         f"valid: {', '.join(EXPORTS)}")
    if not results:
        raise ValueError("no results to export")
    imports = {}
    for name in (fmt for fmt in chosen if fmt in lms.PLATFORMS):
        if lms_options is None:
            raise ValueError(f"the {name} export needs a roster and an assignment column")
        imports[name] = lms.lms_csv(lms.PLATFORMS[name], lms_options, results)
    ids = student_ids(results)
    out_dir = Path(out_dir)
    with _Staged(out_dir) as staged:
        if "csv" in chosen:
            csv_grades.write_grades_csv(results, staged.path(out_dir / "grades.csv"))
        for sid, result in zip(ids, results):
            for fmt in chosen:
                if fmt in ("results", "gradescope", "prairielearn", "feedback"):
                    for name, text in _per_student(fmt, result, hints).items():
                        staged.write(out_dir / "students" / sid / name, text)
        if "junit" in chosen:
            junit.write_junit(results, staged.path(out_dir / "junit.xml"))
        if "report" in chosen:
            links = {sid: class_report.feedback_link(sid) for sid in ids
                     if staged.has(out_dir / "students" / sid / "feedback.html")
                     or (out_dir / "students" / sid / "feedback.html").is_file()}
            staged.write(out_dir / "report.html", class_report.to_html(results, links))
        for name, (text, report) in imports.items():
            staged.write(out_dir / f"{name}.csv", text)
            if report:
                staged.write(out_dir / f"{name}-roster.txt", "\n".join(report) + "\n")
    return staged.written


class ExportError(OSError):
    """The exports could not be written (the previous ones are intact); says where and why."""


class _Staged:
    """Files written under temporary names, renamed into place together on success."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.written: list[Path] = []
        self.temporary: dict[Path, Path] = {}

    def path(self, final: Path) -> Path:
        """A temporary path to write ``final``'s content to."""
        final.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(prefix=f".{final.name}.", dir=final.parent)
        os.close(descriptor)
        self.temporary[final] = Path(name)
        self.written.append(final)
        return Path(name)

    def write(self, final: Path, text: str) -> None:
        self.path(final).write_text(text, encoding="utf-8")

    def has(self, final: Path) -> bool:
        return final in self.temporary

    def __enter__(self) -> _Staged:
        return self

    def __exit__(self, kind, error, traceback) -> None:
        try:
            if error is None:
                for final, temporary in self.temporary.items():
                    temporary.chmod(0o644)  # mkstemp's files are private
                    os.replace(temporary, final)
                return
        except OSError as exc:
            error = exc
        finally:
            for temporary in self.temporary.values():
                temporary.unlink(missing_ok=True)
        if isinstance(error, OSError):
            reason = error.strerror or error
            raise ExportError(f"cannot write the exports in {self.out_dir}: {reason} (the "
                              "previous exports are left as they were)") from error
