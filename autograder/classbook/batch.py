"""Grade a whole class folder in parallel processes, recording every run in the gradebook.

Each entry of the class folder is one student's submission: a folder laid out like
``assignments/``, a ``.zip`` of one or a ``.ipynb`` notebook (taken in by
:mod:`autograder.grading.intake`: a lone notebook may have any name when one topic is graded); the
entry's name without that suffix, made a safe folder name
(:func:`autograder.exports.common.safe_id`), is the student id. Entries whose ids would be
equal (``John Smith`` and ``John_Smith``, or ``alice/`` and ``alice.zip``) are all graded,
under distinct ids that do not depend on the order of the listing: an entry named exactly as
its id keeps it, the others get ``ID-HASH`` (8 hex digits of a hash of the entry's name),
each with a note. Other entries (files such as a README, hidden names) are skipped with a
note. Names in notes are inert (:func:`autograder.inert.name`).

How a batch goes (:class:`Batch`):

1. The parent process collects the graded tests (a course bug stops here, before anything
   is graded) and fingerprints the suite (:func:`autograder.classbook.gradebook.suite_hash`).
2. It stages every submission through :mod:`autograder.grading.intake` into a private copy (under
   ``PATH.staging`` beside the gradebook, removed at the end) and fingerprints the staged
   files. The copy is what gets graded, so the bytes graded are the bytes hashed. A
   submission intake refuses is recorded at once as an ``error`` on every graded test, with
   intake's message, so that it shows up in every export.
3. A submission whose latest stored run has the same submission and suite fingerprints and
   autograder version is not graded again (unless ``regrade``): that run stands for it.
4. The others are graded by ``runner.grade`` through an :class:`Executor`, the one seam
   that says where gradings run: :class:`LocalPool`, a ``ProcessPoolExecutor`` (spawn
   context) with at most ``jobs`` at a time on this machine, or
   :class:`autograder.classbook.cluster.DaskExecutor`, a Dask cluster past one machine
   (:func:`executor` chooses). Every grading also starts its own sandboxed worker process for
   the student's code, whose calls share the submission's time budget (``--budget``). The
   parent records each result in the gradebook, in its own transaction, as soon as it
   arrives: a batch killed mid-way and started again grades only what was not recorded.

Pool processes are reused from one submission to the next: ``runner.grade`` starts a fresh
pytest session each time, the graded test modules are the same for the whole batch, and the
grading profile is derandomized and keeps no example database. (Checked when this module was
written: six demo gradings in one process, in mixed order and with repeats, gave the same
statuses and feedback as one process per grading, and ``autograder verify`` and ``stress``
rely on the same reuse.) Starting a process per submission would add about 2 s each.

One bad submission never stops the batch: an intake refusal, any exception while staging it
(a corrupt archive member, a name the file system refuses) or while grading it becomes that
student's result, an ``error`` on every graded test with the reason. A grading process that
dies (its pool is then broken for every submission in flight) is replaced, and the submissions that were in flight are graded
again one at a time, so that only the one that kills its process is recorded as crashed.
Only a :class:`~autograder.grading.runner.GradingError` (the graded tests themselves cannot run)
stops the batch.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Generator, Iterable, Iterator, Protocol

from rich.console import Console
from rich.text import Text
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from autograder import __version__, inert
from autograder.classbook.gradebook import (
    Gradebook,
    now,
    rejection_hash,
    submission_hash,
    suite_hash,
)
from autograder.grading.pool import grading_pool
from autograder.course import Course, Topic
from autograder.grading import intake
from autograder.exports.common import safe_id
from autograder.grading.runner import (
    GradedTest,
    GradingError,
    GradingOptions,
    collect,
    grade,
)
from autograder.results import GradingResult, TestResult, TopicResult

SUFFIXES = (".zip", ".ipynb")


class BatchError(ValueError):
    """The class folder cannot be graded as given (the message says why)."""


@dataclass(frozen=True)
class Submission:
    """One entry of the class folder: the student's id and the entry."""

    student: str
    source: Path

    @property
    def entry(self) -> str:
        """The entry's name as messages and the gradebook show it (inert, one line)."""
        return inert.name(self.source.name)


def find_submissions(class_dir: Path, exclude: Iterable[Path] = ()) -> tuple[
        list[Submission], list[str]]:
    """The submissions in ``class_dir`` in order of student id, and a note for each entry
    skipped. ``exclude`` lists paths that are never submissions (the batch's own output)."""
    excluded = {Path(path).resolve() for path in exclude}
    found: dict[str, list[Path]] = {}
    notes = []
    for entry in sorted(Path(class_dir).iterdir()):
        shown = inert.name(entry.name)
        if entry.name.startswith("."):
            notes.append(f"skipped {shown}: hidden")
        elif entry.resolve() in excluded:
            notes.append(f"skipped {shown}: this batch's output")
        elif entry.is_dir():
            found.setdefault(safe_id(entry.name), []).append(entry)
        elif entry.suffix.lower() in SUFFIXES and entry.is_file():
            found.setdefault(safe_id(entry.name[:-len(entry.suffix)]), []).append(entry)
        else:
            notes.append(f"skipped {shown}: not a submission (a folder, .zip or .ipynb)")
    submissions = []
    for student, paths in found.items():
        if len(paths) == 1:
            submissions.append(Submission(student, paths[0]))
            continue
        for path in paths:
            own = student if path.name == student else f"{student}-{_name_hash(path.name)}"
            submissions.append(Submission(own, path))
            notes.append(f"warning: {len(paths)} entries would have the student id {student}; "
                         f"{inert.name(path.name)} is graded as {own}")
    return sorted(submissions, key=lambda submission: submission.student), notes


def _name_hash(name: str) -> str:
    return hashlib.sha256(os.fsencode(name)).hexdigest()[:8]


@dataclass
class Job:
    """A submission staged and fingerprinted by the parent, waiting to be graded."""

    submission: Submission
    fingerprint: str
    staged: Path | None
    problem: str | None = None  # why intake refused it
    warnings: list[str] = field(default_factory=list)  # what intake dropped from notebooks

    @property
    def student(self) -> str:
        return self.submission.student


@dataclass
class Finished:
    """What the progress display hears about each submission graded in this batch."""

    student: str
    result: GradingResult
    outcome: str  # "graded", "rejected" or "crashed" (see autograder.classbook.gradebook.OUTCOMES)
    message: str | None = None


@dataclass
class Plan:
    """What a batch will do: the jobs to grade and the stored runs that stand for the rest."""

    jobs: list[Job] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)  # student -> run id


def grade_submission(course: Course, student: str, staged: Path, topics: list[Topic],
                     options: GradingOptions) -> GradingResult:
    """Runs in a pool process: grade one staged submission, named by its student id."""
    result = grade(course, staged, topics, options)
    result.submission = student
    return result


@dataclass
class Graded:
    """What an executor hands back for one job: its result, or why grading it crashed."""

    job: Job
    started_at: str
    result: GradingResult | None = None
    crash: str | None = None


class Executor(Protocol):
    """Where a batch's gradings run. Used as a context manager around :meth:`Batch.run`."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc_info: object) -> None: ...

    def grade(self, batch: Batch, jobs: list[Job]) -> Iterator[Graded]:
        """Grade ``jobs`` (staged, intake accepted them) for ``batch``, yielding one
        :class:`Graded` per job as each finishes; a
        :class:`~autograder.grading.runner.GradingError` passes through (it stops the batch)."""


class Batch:
    """Grade submissions of one class against ``topics`` and record them in ``gradebook``."""

    def __init__(self, course: Course, topics: list[Topic], options: GradingOptions,
                 gradebook: Gradebook):
        self.course, self.topics, self.options = course, topics, options
        self.gradebook = gradebook
        self.inventory = collect(course, topics)  # raises GradingError for a course bug
        self.suite = suite_hash(course, topics, options.profile())

    def plan(self, submissions: list[Submission], staging: Path, regrade: bool) -> Plan:
        """Stage and fingerprint every submission; keep those that need grading."""
        plan = Plan()
        for number, submission in enumerate(submissions):
            job = self._stage(submission, staging / str(number))
            latest = self.gradebook.latest(submission.student)
            if not regrade and latest is not None and latest.outcome != "crashed" and (
                    latest.submission_hash, latest.suite_hash, latest.autograder_version) == (
                    job.fingerprint, self.suite, __version__):
                plan.unchanged[submission.student] = latest.id
                if job.staged:
                    shutil.rmtree(job.staged)
            else:
                plan.jobs.append(job)
        return plan

    def run(self, plan: Plan, executor: Executor,
            on_finished: Callable[[Finished], None] | None = None) -> list[GradingResult]:
        """Grade the plan's jobs with ``executor``, record each, and return every student's
        latest result (graded now or unchanged), in order of student id."""
        on_finished = on_finished or (lambda finished: None)
        queue = []
        for job in plan.jobs:
            if job.problem is None:
                queue.append(job)
            else:
                self._record(job, self.error_result(job.student, job.problem), "rejected",
                             now(), on_finished, job.problem)
        for graded in executor.grade(self, queue) if queue else ():
            job = graded.job
            if graded.crash is not None:
                self._record(job, self.error_result(job.student, graded.crash), "crashed",
                             graded.started_at, on_finished, graded.crash)
                continue
            if job.warnings:  # the staged copy graded has no notebook left
                graded.result.metadata["intake_warnings"] = job.warnings
            self._record(job, graded.result, "graded", graded.started_at, on_finished)
        students = [job.student for job in plan.jobs] + list(plan.unchanged)
        results = []
        for student in sorted(students):
            results.append(self.gradebook.result(self.gradebook.latest(student).id))
        return results

    def error_result(self, student: str, message: str) -> GradingResult:
        """``error`` with ``message`` as feedback for every graded test of the batch."""
        topics = [TopicResult(topic.name, [
            TestResult(test.name, test.function, test.points, test.visibility, "error",
                       message)
            for test in tests if self._graded(test)]) for topic, tests in self.inventory.items()]
        return GradingResult(student, topics, {
            "autograder_version": __version__, "profile": self.options.profile(),
            "duration_s": 0.0, "graded_at": now(), "error": message})

    def _graded(self, test: GradedTest) -> bool:
        return test.visibility == "visible" or not self.options.visible_only

    def _stage(self, submission: Submission, target: Path) -> Job:
        target.mkdir(parents=True)
        try:
            warnings = intake.stage(submission.source, target, self.topics)
        except Exception as exc:  # IntakeError, or anything else: this student's problem only
            shutil.rmtree(target, ignore_errors=True)
            reason = str(exc) if isinstance(exc, intake.IntakeError) else \
                inert.name(f"{type(exc).__name__}: {exc}")
            message = f"the submission could not be taken in: {reason}"
            return Job(submission, rejection_hash(message), None, message)
        job = Job(submission, submission_hash(target), target, warnings=warnings)
        folders = {path.name for path in target.iterdir() if path.is_dir()}
        job.problem = intake.lacks_topics(submission.entry, folders, self.topics)
        return job

    def _record(self, job: Job, result: GradingResult, outcome: str, started_at: str,
                on_finished: Callable[[Finished], None], message: str | None = None) -> None:
        self.gradebook.record(job.student, job.submission.entry, job.fingerprint,
                              self.suite, result, outcome, started_at, message)
        if job.staged:
            shutil.rmtree(job.staged, ignore_errors=True)
        on_finished(Finished(job.student, result, outcome, message))


class LocalPool:
    """Grade in processes of this machine, at most ``jobs`` at a time.

    ``task`` is what a pool process runs for one submission (a module-level function with
    the signature of :func:`grade_submission`; tests substitute one).
    """

    def __init__(self, jobs: int, task: Callable[..., GradingResult] = grade_submission):
        self.jobs, self.task = jobs, task

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        return None

    def grade(self, batch: Batch, jobs: list[Job]) -> Iterator[Graded]:
        queue = jobs
        while queue:
            in_flight, queue = yield from self._round(batch, queue, self.jobs)
            for job in in_flight:  # the pool died under them: find the one that killed it
                alone, _ = yield from self._round(batch, [job], 1)
                for job in alone:
                    yield Graded(job, now(), crash="the grading process died while grading "
                                                  "this submission")

    def _round(self, batch: Batch, jobs: list[Job], workers: int) -> Generator[
            Graded, None, tuple[list[Job], list[Job]]]:
        """Grade ``jobs`` in a new pool, at most ``workers`` at a time. If a pool process
        dies, returns the jobs in flight at that moment and those not yet started."""
        pending = deque(jobs)
        running: dict[Future, tuple[Job, str]] = {}
        died: list[Job] = []
        with grading_pool(min(workers, len(jobs))) as pool:
            while running or (pending and not died):
                while pending and not died and len(running) < workers:
                    job = pending.popleft()
                    future = pool.submit(self.task, batch.course, job.student, job.staged,
                                         batch.topics, batch.options)
                    running[future] = job, now()
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    job, started_at = running.pop(future)
                    try:
                        graded = Graded(job, started_at, result=future.result())
                    except BrokenProcessPool:
                        died.append(job)
                        continue
                    except GradingError:
                        raise  # a course bug: no other submission can be graded either
                    except Exception as exc:  # anything else is this submission's crash
                        graded = Graded(job, started_at,
                                        crash=f"grading crashed: {type(exc).__name__}: {exc}")
                    yield graded
        return died, list(pending)



def executor(jobs: int | None, scheduler: str | None = None, dask: bool = False,
             announce: Callable[[str], None] = print) -> Executor:
    """The executor a batch runs on: a Dask cluster when ``scheduler`` (its address) is given
    or ``dask`` (a ``LocalCluster`` of ``jobs`` workers then; ``announce`` gets its address
    and dashboard), else :class:`LocalPool`. ``jobs`` None: one per core."""
    if scheduler or dask:
        from autograder.classbook.cluster import DaskExecutor  # the optional `cluster` extra

        return DaskExecutor(scheduler, jobs or default_jobs(), announce)
    return LocalPool(jobs or default_jobs())


@contextmanager
def staging_area(gradebook: Gradebook) -> Iterator[Path]:
    """A private folder for the staged copies of a batch's submissions, beside the gradebook
    (``PATH.staging``). One left by a killed batch is removed first: the gradebook's lock
    (taken before this) makes the folder this batch's alone."""
    folder = Path(f"{gradebook.path}.staging")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(mode=0o700)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def progress(console: Console, total: int) -> Iterator[Callable[[Finished], None]]:
    """A callback for :meth:`Batch.run`: a progress bar with count and ETA when ``console``
    is a terminal, else one plain line per finished student (id, score, time)."""
    def line(finished: Finished) -> str:
        result = finished.result
        text = f"{finished.student}  {result.score:g}/{result.max_score:g}  " \
               f"{result.metadata.get('duration_s', 0.0):.1f} s"
        return text + (f"  {finished.outcome}: {finished.message}" if finished.message else "")

    if not console.is_terminal:
        yield lambda finished: console.print(Text(line(finished)), soft_wrap=True)
        return
    started = time.monotonic()
    with Progress(TextColumn("grading"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
                  TextColumn("{task.description}", markup=False), console=console,
                  transient=True) as bar:
        task = bar.add_task("", total=total)

        def update(finished: Finished) -> None:
            if finished.message:  # kept above the bar
                bar.console.print(Text(line(finished)), soft_wrap=True)
            bar.update(task, advance=1, description=f"last: {finished.student} "
                       f"{finished.result.score:g}/{finished.result.max_score:g}")

        yield update
    console.print(f"graded {total} submission(s) in {time.monotonic() - started:.0f} s",
                  highlight=False)


def default_jobs() -> int:
    """The cores this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)
