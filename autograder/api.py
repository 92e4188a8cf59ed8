"""The Python API: grade a submission or a whole class from a script or a notebook.

    >>> import autograder
    >>> result = autograder.grade("class/alice.zip", topics=["03_losses"],
    ...                           options={"examples": 10})
    >>> result.score, result.max_score
    >>> result.to_gradescope()          # Gradescope's results.json, as a dict

``grade`` and ``batch`` do what ``autograder grade`` and ``autograder batch`` do (the CLI is
built on them): a submission is a folder laid out like ``assignments/``, a ``.zip`` of one or
a ``.ipynb``; the student's code runs in the sandboxed worker, never in this process.

- ``topics``: topic names as the CLI takes them (``"03_losses"``, ``"03"``, ``"losses"``),
  one string or several; None grades every topic of the course.
- ``options``: a :class:`GradingOptions` or a dict of its fields (``examples``,
  ``call_timeout``, ``budget``, ``memory_mib``, ``visible_only``, ``seed``); None: the
  grading defaults.
- ``course``: the course folder (``solutions/`` and ``tests/``) or a :class:`Course`; None
  finds it as the CLI does (``$AUTOGRADER_COURSE``, the working directory and its parents).

Errors: :class:`NotGradable` (the submission cannot be taken in), ``CourseError`` (no course,
an unknown topic), ``DeadlineError`` (a due date, late policy or metadata file that cannot be
used), :class:`GradingError` (the graded tests themselves cannot run),
``BatchError`` and ``GradebookError`` (``batch`` only), ``MissingExtra`` (an optional
dependency is not installed).
"""

from __future__ import annotations

import glob
import os
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Callable, Iterable, Mapping

from autograder import exports
from autograder.classbook import batch as classbook
from autograder.classbook.gradebook import Gradebook, suite_hash
from autograder.course import Course, Topic
from autograder.exports import class_report, feedback, gradescope, junit, prairielearn
from autograder.extras import MissingExtra, require
from autograder.grading import intake
from autograder.grading.runner import GradingError, GradingOptions
from autograder.grading.runner import grade as run_grading
from autograder.results import GradingResult as Result

__all__ = ["BatchResult", "GradingError", "GradingOptions", "GradingResult", "MissingExtra",
           "NotGradable", "batch", "grade"]


class NotGradable(ValueError):
    """The submission cannot be taken in (not a submission, unsafe, corrupt); the message
    says why. The CLI exits 2 on it."""


@dataclass
class GradingResult(Result):
    """One submission's grades (the results model of :mod:`autograder.results`: ``score``,
    ``max_score``, ``topics[].tests[]``, ``metadata``, ``to_dict()``, ``to_json()``) and
    every format the exports write of it."""

    @classmethod
    def of(cls, result: Result) -> GradingResult:
        return result if isinstance(result, cls) else cls(result.submission, result.topics,
                                                           result.metadata, result.lateness)

    def to_gradescope(self) -> dict:
        """Gradescope's autograder ``results.json`` (see :mod:`autograder.exports.gradescope`)."""
        return gradescope.to_gradescope(self)

    def to_prairielearn(self) -> dict:
        """PrairieLearn's external-grader ``results.json``."""
        return prairielearn.to_prairielearn(self)

    def to_junit(self) -> str:
        """JUnit XML: one ``<testsuite>``, one ``<testcase>`` per graded test."""
        return junit.junit_text([self])

    def to_markdown(self) -> str:
        """The feedback a student reads, as Markdown."""
        return feedback.to_markdown(self)

    def to_html(self) -> str:
        """The feedback a student reads, as a self-contained, escaped HTML page."""
        return feedback.to_html(self)


@dataclass
class BatchResult:
    """What :func:`batch` did: every student's latest result (graded now or unchanged), in
    order of student id, and where it wrote them."""

    results: list[GradingResult]
    graded: list[str]  # student ids graded by this call
    unchanged: list[str]  # student ids whose stored run stands (same files, tests, version)
    notes: list[str]  # entries of the class folder that are not submissions, and why
    gradebook: Path
    out_dir: Path
    written: list[Path] = field(default_factory=list)  # export files
    similarity: dict | None = None  # the similarity analysis, when it was asked for

    @property
    def not_gradable(self) -> list[str]:
        """Students recorded with every test ``error`` (intake refused the submission, or
        its grading crashed)."""
        return [result.submission for result in self.results if result.metadata.get("error")]


def _course(course: Course | str | os.PathLike | None) -> Course:
    if isinstance(course, Course):
        return course
    if course is not None:
        return Course(Path(course).resolve())
    env = os.environ.get("AUTOGRADER_COURSE")
    return Course(Path(env).resolve()) if env else Course.find()


def _topics(course: Course, topics: str | Topic | Iterable[str | Topic] | None) -> list[Topic]:
    if topics is None:
        return course.topics()
    if isinstance(topics, (str, Topic)):
        topics = [topics]
    return [topic if isinstance(topic, Topic) else course.topic(topic) for topic in topics]


def _options(options: GradingOptions | Mapping | None) -> GradingOptions:
    if options is None or isinstance(options, GradingOptions):
        return options or GradingOptions()
    known = {f.name for f in fields(GradingOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown grading option(s) {', '.join(unknown)}; "
                        f"valid: {', '.join(sorted(known))}")
    return GradingOptions(**options)


def grade(submission: str | os.PathLike, topics: str | Iterable[str] | None = None,
          options: GradingOptions | Mapping | None = None, *,
          course: Course | str | os.PathLike | None = None,
          on_test: Callable[[int, int], None] | None = None, jobs: int = 1,
          due: str | None = None, late_policy: str = "none",
          gradescope_metadata: str | os.PathLike | None = None) -> GradingResult:
    """Grade one submission on ``topics``; ``on_test(done, total)`` is called after each
    graded test (for a progress bar). ``jobs`` > 1 grades groups of topics in that many
    processes at once. Raises :class:`NotGradable` before grading anything when the
    submission cannot be taken in.

    Deadlines: with ``due`` (ISO 8601 with its offset) or Gradescope's
    ``submission_metadata.json`` (``gradescope_metadata``: its submission time, and its due
    date unless ``due`` is given), the result carries its lateness and ``late_policy``'s
    penalty (``none``, ``zero``, ``linear:10%/day``); the submission time is otherwise the
    submission's git commit or file time (:mod:`autograder.classbook.deadlines`). A due date
    or policy that cannot be used raises ``DeadlineError`` before grading."""
    from autograder.classbook import deadlines

    course = _course(course)
    chosen = _topics(course, topics)
    problem, _ = intake.check_submission(Path(submission), chosen)
    if problem:
        raise NotGradable(problem)
    lateness = deadlines.submission_times(
        [Path(submission)], due, late_policy,
        gradescope_metadata and Path(gradescope_metadata)).get(str(Path(submission)))
    options = _options(options)
    result = GradingResult.of(run_grading(course, Path(submission), chosen, options, on_test, jobs))
    result.metadata["suite_hash"] = suite_hash(course, chosen, options.profile())
    result.lateness = lateness
    return result


Progress = Callable[[classbook.Plan], AbstractContextManager[Callable[[classbook.Finished],
                                                                      None] | None]]
SIMILARITY = "similarity"  # an export made from the submissions too, not from results alone


def batch(class_dir: str | os.PathLike, topics: str | Iterable[str] | None = None,
          options: GradingOptions | Mapping | None = None, *,
          course: Course | str | os.PathLike | None = None,
          out: str | os.PathLike | None = None, gradebook: str | os.PathLike | None = None,
          formats: Iterable[str] | None = None, jobs: int | None = None,
          scheduler: str | None = None, dask: bool = False, regrade: bool = False,
          due: str | None = None, late_policy: str = "none",
          extensions: str | os.PathLike | None = None,
          roster: str | os.PathLike | None = None, roster_key: str | None = None,
          lms_assignment: str | None = None, hints: str | None = None,
          progress: Progress | None = None,
          log: Callable[[str], None] | None = None) -> BatchResult:
    """Grade every submission in ``class_dir`` (one folder, ``.zip`` or ``.ipynb`` per
    student, named by student id), record each run in the SQLite gradebook (default
    ``OUT/gradebook.sqlite``) and write the exports ``formats`` (names of
    ``autograder.exports.EXPORTS`` or ``"similarity"``; None: the defaults) under ``out``
    (default: ``CLASS_DIR-results`` beside ``class_dir``). A submission the gradebook already
    holds unchanged is not graded again unless ``regrade``.

    - Where: ``jobs`` local processes (default: the cores), or a Dask cluster: the scheduler
      at ``scheduler``, or a LocalCluster of ``jobs`` workers when ``dask`` (the ``cluster``
      extra); ``log`` gets the cluster's dashboard address.
    - Deadlines: ``due`` (ISO 8601 with its offset), ``late_policy`` (``none``, ``zero``,
      ``linear:10%/day``) and an ``extensions`` CSV (:mod:`autograder.classbook.deadlines`).
    - LMS exports (``canvas``, ``moodle``) need ``roster`` and ``lms_assignment``
      (:mod:`autograder.exports.lms`).
    - ``hints``: when students read the likely mistakes in their feedback
      (``after_due_date``, ``always``, ``never``; None: the course's ``[feedback] hints``).
      ``after_due_date`` shows them once the student's due date (``due``, extensions
      included) has passed when the exports are written; Gradescope documents leave that
      to Gradescope.
    - ``progress(plan)``, called once the submissions are staged, returns a context manager
      that yields a callback (or None) called with each finished submission."""
    from autograder.classbook import deadlines
    from autograder.exports.lms import PLATFORMS, LmsOptions, checked_roster

    course = _course(course)
    chosen = _topics(course, topics)
    options = _options(options)
    class_dir = Path(class_dir).resolve()
    out_dir = Path(out or class_dir.with_name(f"{class_dir.name}-results")).resolve()
    gradebook_path = Path(gradebook or out_dir / "gradebook.sqlite").resolve()
    formats = list(exports.DEFAULT_EXPORTS if formats is None else formats)
    unknown = [name for name in formats if name not in (*exports.EXPORTS, SIMILARITY)]
    if unknown:
        raise classbook.BatchError(f"unknown export format(s): {', '.join(unknown)}; "
                                   f"choose from {', '.join((*exports.EXPORTS, SIMILARITY))}")
    if "report" in formats:
        class_report.require_plots()  # before grading, not after
    own_files = [out_dir, *gradebook_path.parent.glob(f"{glob.escape(gradebook_path.name)}*")]
    submissions, notes = classbook.find_submissions(class_dir, own_files)
    if not submissions:
        raise classbook.BatchError(
            f"{class_dir} holds no submission (a folder, .zip or .ipynb per student)")
    deadline = deadlines.deadline_from(due, late_policy, extensions and Path(extensions))
    lms_options = None
    if any(name in PLATFORMS for name in formats):
        if not (roster and lms_assignment):
            raise classbook.BatchError("--export canvas/moodle needs --roster and "
                                       "--lms-assignment (the roster and the LMS's column)")
        lms_options = LmsOptions(Path(roster), lms_assignment, roster_key)
        for name in formats:
            if name in PLATFORMS:
                checked_roster(PLATFORMS[name], lms_options)
    try:
        where = classbook.executor(jobs, scheduler, dask, log or (lambda line: None))
    except ImportError as exc:
        raise MissingExtra(f"grading on Dask needs the `cluster` extra: {exc}") from exc
    with Gradebook(gradebook_path, lock=True) as book, classbook.staging_area(book) as staging:
        grader = classbook.Batch(course, chosen, options, book)
        plan = grader.plan(submissions, staging, regrade)
        with where, (progress or (lambda plan: nullcontext()))(plan) as on_finished:
            results = grader.run(plan, where, on_finished)
        notes += deadlines.apply_deadline(
            book, results, {s.student: s.source for s in submissions}, deadline)
    written = exports.write_exports(results, out_dir,
                                    [name for name in formats if name != SIMILARITY],
                                    lms_options, hints or course.hints)
    notes += [f"{path.name}:\n{path.read_text(encoding='utf-8')}" for path in written
              if path.name.endswith("-roster.txt")]
    similar = None
    if SIMILARITY in formats:
        require("copydetect", "instructor", "the similarity report")
        from autograder.classbook import similarity
        analysis = similarity.analyse(class_dir, chosen, results, course.assignments.resolve(),
                                      own_files)
        notes += [note for note in analysis.notes if note not in notes]  # skipped entries
        written += similarity.write_report(analysis, out_dir)
        similar = analysis.to_dict()
    return BatchResult([GradingResult.of(result) for result in results],
                       [job.student for job in plan.jobs], list(plan.unchanged), notes,
                       gradebook_path, out_dir, written, similar)
