"""The ``autograder`` command group, its shared options and output helpers.

Exit codes: 0 when the command did its job (for ``grade``: whenever grading ran, whatever
the score); 1 when a check it performs fails (``release --check``, ``verify``, ``stress``);
2 on bad usage, a submission that cannot be taken in (``grade`` grades the others first) or
exports that cannot be written; 3 when the graded tests themselves cannot run.

Everything the commands print passes through :class:`autograder.inert.Stream`, so that no
line a submission shaped can start a GitHub Actions workflow command, and text from a
submission is printed as Rich ``Text`` (never parsed as markup).
"""

from __future__ import annotations

import atexit
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.text import Text

from autograder import DISTRIBUTION, api, inert
from autograder.checks.marks import GRADING_EXAMPLES
from autograder.classbook.deadlines import DeadlineError
from autograder.course import Course, CourseError, Topic
from autograder.exports.common import HINT_SETTINGS
from autograder.extras import MissingExtra
from autograder.grading import intake
from autograder.grading.runner import GradingError, GradingOptions
from autograder.sandbox import layers
from autograder.sandbox.client import DEFAULT_BUDGET, DEFAULT_CALL_TIMEOUT

# tables stay readable when piped to a file or a CI log (rich assumes 80 columns there)
stdout = Console(width=None if sys.stdout.isatty() else 160)
stderr = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    stderr.print(Text.assemble(("error:", "bold red"), " ", message), soft_wrap=True)
    sys.exit(code)


def guard_output() -> None:
    """Route stdout and stderr through :class:`autograder.inert.Stream` (once)."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if not isinstance(stream, inert.Stream):
            guarded = inert.Stream(stream)
            setattr(sys, name, guarded)
            atexit.register(guarded.close_line)


class _Group(click.Group):
    """The command group; a missing optional dependency is a clear error, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except MissingExtra as exc:
            fail(str(exc))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--course", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="AUTOGRADER_COURSE",
              help="Course folder with solutions/ and tests/ (default: $AUTOGRADER_COURSE, "
                   "else found from the working directory).")
@click.version_option(package_name=DISTRIBUTION)
@click.pass_context
def main(ctx: click.Context, course: Path | None) -> None:
    """Hypothesis-driven, sandboxed autograder for numpy deep-learning courses."""
    guard_output()
    try:
        ctx.obj = Course(course.resolve()) if course else Course.find()
    except CourseError as exc:
        fail(str(exc))
    for warning in ctx.obj.misnamed():  # a topic folder that is not graded is said so
        stderr.print(Text.assemble(("warning:", "yellow"), " ", warning), soft_wrap=True)


def topics_of(course: Course, names: tuple[str, ...]) -> list[Topic]:
    try:
        return [course.topic(name) for name in names] if names else course.topics()
    except CourseError as exc:
        fail(str(exc))


timeout_option = click.option(
    "--timeout", type=click.FloatRange(min=0.01), default=DEFAULT_CALL_TIMEOUT,
    show_default=True, help="CPU seconds allowed for each call into the submission (a call "
                            "that waits is stopped after 4 times as many seconds of wall time).")
budget_option = click.option(
    "--budget", type=click.FloatRange(min=0.1), default=DEFAULT_BUDGET, show_default=True,
    help="CPU seconds allowed for all calls into one submission together.")
memory_option = click.option(
    "--memory-limit", "memory_mib", type=click.IntRange(min=256),
    default=layers.Limits.memory_bytes // 2**20, show_default=True,
    help="Address space of the sandboxed worker, in MiB.")
hints_option = click.option(
    "--hints", type=click.Choice(HINT_SETTINGS), default=None,
    help="When students read the likely mistake of a failure (a hint): after_due_date (once "
         "the due date has passed; none without one), always or never  [default: course.toml's "
         "[feedback] hints, else after_due_date]")
examples_option = click.option(
    "--examples", type=click.IntRange(min=1), default=GRADING_EXAMPLES, show_default=True,
    help="Hypothesis examples per graded test.")


@contextmanager
def progress_bar(label: str, enabled: bool) -> Iterator:
    """A progress callback ``(done, total)`` drawing on stderr when it is a terminal."""
    if not enabled or not stderr.is_terminal:
        yield None
        return
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=stderr, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda done, total: progress.update(task, completed=done, total=total)


def validate_submission(path: Path, topics: list[Topic]) -> str | None:
    """Why ``path`` cannot be graded, or None; intake warnings go to stderr."""
    problem, warnings = intake.check_submission(path, topics)
    for warning in warnings:  # e.g. IPython magics dropped from a notebook
        stderr.print(Text.assemble(("warning:", "yellow"), " ", warning), soft_wrap=True)
    return problem


def refuse_if_uncapped() -> layers.Isolation:
    """The isolation layers of this machine; exit 3 when no student code may run with them
    (a worker that would run as root with no cap on its processes)."""
    isolation = layers.detect()
    if isolation.refusal:
        fail(isolation.refusal, code=3)
    return isolation


def warn_if_unisolated() -> None:
    isolation = refuse_if_uncapped()
    if not (isolation.bwrap or isolation.uid is not None):
        stderr.print("[yellow]warning:[/] no filesystem isolation on this machine: a submission "
                     "could read solutions/ and tests/ (see `autograder doctor`)")


def grade_all(course: Course, paths: list[Path], topics: list[Topic],
              options: GradingOptions, show_progress: bool,
              jobs: int = 1, **deadline: Any) -> list[api.GradingResult]:
    """Each of ``paths`` graded by :func:`autograder.api.grade` (``jobs`` processes for its
    topics; ``deadline``: its ``due``, ``late_policy`` and ``gradescope_metadata``), or the
    command fails saying why."""
    results = []
    for number, path in enumerate(paths, start=1):
        label = f"grading {path} ({number}/{len(paths)})"
        with progress_bar(label, show_progress) as on_test:
            try:
                results.append(api.grade(path, topics, options, course=course, on_test=on_test,
                                         jobs=jobs, **deadline))
            except (api.NotGradable, DeadlineError) as exc:
                fail(str(exc))
            except GradingError as exc:
                fail(str(exc), code=3)
    return results
