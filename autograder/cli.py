"""Command line: ``autograder list | check | grade | release | verify | stress | doctor``.

Exit codes: 0 when the command did its job (for ``grade``: whenever grading ran, whatever
the score); 1 when a check it performs fails (``release --check``, ``verify``, ``stress``);
2 on bad usage or a submission that cannot be taken in; 3 when the graded tests themselves
cannot run.
"""

from __future__ import annotations

import statistics
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table
from rich.text import Text

from autograder import intake, layers, report
from autograder.course import Course, CourseError, Topic
from autograder.plugin import GRADING_EXAMPLES
from autograder.release import MarkerError, Release
from autograder.results import GradingResult, results_to_json
from autograder.runner import GradingError, GradingOptions, collect, grade
from autograder.sandbox import DEFAULT_BUDGET, DEFAULT_CALL_TIMEOUT

# tables stay readable when piped to a file or a CI log (rich assumes 80 columns there)
stdout = Console(width=None if sys.stdout.isatty() else 160)
stderr = Console(stderr=True)


def fail(message: str, code: int = 2) -> None:
    stderr.print(f"[bold red]error:[/] {message}", highlight=False)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--course", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Course folder with solutions/ and tests/ (default: found from the "
                   "working directory).")
@click.version_option(package_name="autograder")
@click.pass_context
def main(ctx: click.Context, course: Path | None) -> None:
    """Hypothesis-driven, sandboxed autograder for numpy deep-learning courses."""
    try:
        ctx.obj = Course(course.resolve()) if course else Course.find()
    except CourseError as exc:
        fail(str(exc))


def _topics(course: Course, names: tuple[str, ...]) -> list[Topic]:
    try:
        return [course.topic(name) for name in names] if names else course.topics()
    except CourseError as exc:
        fail(str(exc))


timeout_option = click.option(
    "--timeout", type=click.FloatRange(min=0.01), default=DEFAULT_CALL_TIMEOUT,
    show_default=True, help="Seconds allowed for each call into the submission.")
budget_option = click.option(
    "--budget", type=click.FloatRange(min=0.1), default=DEFAULT_BUDGET, show_default=True,
    help="Seconds allowed for all calls into one submission together.")
memory_option = click.option(
    "--memory-limit", "memory_mib", type=click.IntRange(min=256),
    default=layers.Limits.memory_bytes // 2**20, show_default=True,
    help="Address space of the sandboxed worker, in MiB.")
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


@main.command(name="list")
@click.pass_obj
def list_topics(course: Course) -> None:
    """List the topics, their graded functions and their points."""
    table = Table(title=f"topics of {course.root}")
    for column in ("topic", "function", "tests", "visible points", "hidden points"):
        table.add_column(column, justify="right" if "points" in column or column == "tests"
                         else "left")
    try:
        inventory = collect(course, course.topics())
    except GradingError as exc:
        fail(str(exc), code=3)
    for topic, tests in inventory.items():
        for function in dict.fromkeys(test.function for test in tests):
            mine = [test for test in tests if test.function == function]
            visible = sum(t.points for t in mine if t.visibility == "visible")
            hidden = sum(t.points for t in mine if t.visibility != "visible")
            table.add_row(topic.name, function, str(len(mine)), f"{visible:g}", f"{hidden:g}")
    stdout.print(table)


def _validate_submission(course: Course, path: Path, topics: list[Topic]) -> str | None:
    """Why ``path`` cannot be graded, or None."""
    try:
        found = intake.entries(path)
    except intake.IntakeError as exc:
        return str(exc)
    folders = {entry.relpath.parts[0] for entry in found if len(entry.relpath.parts) > 1}
    if not folders & {topic.name for topic in topics}:
        expected = ", ".join(f"{topic.name}/" for topic in topics)
        return f"{path} does not look like a submission: it has none of {expected}"
    return None


def _grade_all(course: Course, paths: list[Path], topics: list[Topic],
               options: GradingOptions, show_progress: bool) -> list[GradingResult]:
    results = []
    for number, path in enumerate(paths, start=1):
        label = f"grading {path} ({number}/{len(paths)})"
        with progress_bar(label, show_progress) as on_test:
            try:
                results.append(grade(course, path, topics, options, on_test))
            except GradingError as exc:
                fail(str(exc), code=3)
    return results


@main.command(name="check")
@click.argument("topic")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="Your folder laid out like assignments/ (default: assignments/ of the "
                   "course).")
@timeout_option
@budget_option
@memory_option
@examples_option
@click.pass_obj
def check(course: Course, topic: str, path: Path | None, timeout: float, budget: float,
          memory_mib: int, examples: int) -> None:
    """Run the public tests of TOPIC on your code and explain every failure."""
    topics = _topics(course, (topic,))
    path = path or course.assignments
    problem = _validate_submission(course, path, topics)
    if problem:
        fail(problem)
    options = GradingOptions(timeout, examples, visible_only=True, budget=budget,
                             memory_mib=memory_mib)
    result = _grade_all(course, [path], topics, options, show_progress=True)[0]
    stdout.print(report.submission_table(result))
    report.print_feedback(stdout, result)


@main.command(name="grade")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]),
              default="table", show_default=True)
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file instead of standard output.")
@timeout_option
@budget_option
@memory_option
@examples_option
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Draw the examples from this Hypothesis seed instead of the fixed, "
                   "derandomized grading examples (to reproduce a `stress` failure).")
@click.pass_obj
def grade_command(course: Course, submissions: tuple[Path, ...], topic_names: tuple[str, ...],
                  output_format: str, output: Path | None, timeout: float, budget: float,
                  memory_mib: int, examples: int, seed: int | None) -> None:
    """Grade SUBMISSIONS, each a folder laid out like assignments/ (or a .zip of one)."""
    topics = _topics(course, topic_names)
    problems = [p for p in (_validate_submission(course, s, topics) for s in submissions) if p]
    if problems:
        fail("\n".join(problems))
    isolation = layers.detect()
    if not (isolation.bwrap or isolation.uid is not None):
        stderr.print("[yellow]warning:[/] no filesystem isolation on this machine: a submission "
                     "could read solutions/ and tests/ (see `autograder doctor`)")
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib, seed=seed)
    results = _grade_all(course, list(submissions), topics, options, show_progress=True)
    if output_format == "json":
        text = results_to_json(results)
        if output:
            output.write_text(text + "\n", encoding="utf-8")
        else:
            click.echo(text)
        return
    console = Console(file=output.open("w", encoding="utf-8"), width=140) if output else stdout
    if len(results) == 1:
        console.print(report.submission_table(results[0]))
        report.print_feedback(console, results[0])
    else:
        console.print(report.class_table(results))


@main.command(name="doctor")
@click.pass_obj
def doctor(course: Course) -> None:
    """Show which sandbox layers are active here, and why the others are not."""
    from autograder.doctor import run_probe

    isolation = layers.detect()
    applied, found = run_probe(course, isolation)
    table = Table(title="sandbox layers")
    table.add_column("layer")
    table.add_column("state")
    table.add_column("detail", overflow="fold")
    off = dict(isolation.reasons)
    always = "clean environment, 1 BLAS thread, output capped, timeouts, time budget"
    table.add_row("process", "on", always)
    table.add_row("bubblewrap", "on" if isolation.bwrap else "off",
                  "no network, read-only system, only the submission and /tmp visible"
                  if isolation.bwrap else off.get("bubblewrap", ""))
    limits = isolation.limits
    table.add_row("rlimits", applied.get("rlimits", "off"),
                  f"address space {limits.memory_bytes // 2**20} MiB, CPU {limits.cpu_seconds} s,"
                  f" files {limits.file_bytes // 2**20} MiB, {limits.open_files} open files,"
                  f" no core files")
    table.add_row("uid", "on" if isolation.uid is not None else "off",
                  applied.get("uid", "") if isolation.uid is not None else off.get("uid", ""))
    table.add_row("seccomp", applied.get("seccomp", "off"), off.get("seccomp", "no exec, "
                  "no new processes, no sockets, no ptrace/mount/unshare/kill"))
    stdout.print(table)
    probe = Table(title="what a submission can reach from the sandbox")
    probe.add_column("target", overflow="fold")
    probe.add_column("result")
    for target, result in found.items():
        if target != "modules":
            probe.add_row(Text(target), Text(result, style="red" if result.isupper() else ""))
    probe.add_row("reference or test modules loaded", ", ".join(found["modules"]) or "none")
    stdout.print(probe)


@main.command(name="release")
@click.option("--check", "check_only", is_flag=True,
              help="Do not write; exit 1 if assignments/ is out of date.")
@click.pass_obj
def release(course: Course, check_only: bool) -> None:
    """Regenerate assignments/ from solutions/ (solution blocks become stubs)."""
    try:
        generated = Release.of(course)
    except (MarkerError, SyntaxError) as exc:
        fail(f"cannot release: {exc}", code=1)
    if check_only:
        stale = generated.stale(course.assignments)
        if stale:
            fail("assignments/ is out of date; run `autograder release`:\n  "
                 + "\n  ".join(stale), code=1)
        stdout.print(f"assignments/ is up to date ({len(generated.files)} files)")
        return
    changed = generated.write(course.assignments)
    stdout.print(f"wrote assignments/: {len(generated.files)} files, {len(changed)} changed")
    for line in changed:
        stdout.print(f"  {line}")


@main.command(name="verify")
@click.option("--topic", "topic_names", multiple=True, help="Verify only this topic.")
@examples_option
@click.pass_obj
def verify_command(course: Course, topic_names: tuple[str, ...], examples: int) -> None:
    """Prove the tests: solutions/ full marks, assignments/ zero, every bug caught."""
    from autograder.verify import verify

    topics = _topics(course, topic_names)
    try:
        problems = verify(course, topics, GradingOptions(examples=examples), stdout)
    except (GradingError, MarkerError, SyntaxError, ValueError) as exc:
        fail(str(exc), code=1)
    if problems:
        fail(f"{len(problems)} verification problem(s):\n  " + "\n  ".join(problems), code=1)
    stdout.print("[bold green]verify: all checks passed[/]")


@main.command(name="stress")
@click.argument("submission", required=False, type=click.Path(path_type=Path))
@click.option("--topic", "topic_names", multiple=True, help="Only this topic (repeatable).")
@click.option("--seeds", "count", type=click.IntRange(min=1), default=50, show_default=True,
              help="How many Hypothesis seeds to grade under.")
@click.option("--first-seed", type=click.IntRange(min=0), default=1, show_default=True,
              help="Seeds are first-seed, first-seed + 1, ...")
@examples_option
@click.pass_obj
def stress_command(course: Course, submission: Path | None, topic_names: tuple[str, ...],
                   count: int, first_seed: int, examples: int) -> None:
    """Grade SUBMISSION (default: solutions/) under many Hypothesis seeds; exit 1 if any
    test fails under any seed (for the reference, a false failure of the tests)."""
    from autograder.stress import stress

    topics = _topics(course, topic_names)
    submission = submission or course.solutions
    problem = _validate_submission(course, submission, topics)
    if problem:
        fail(problem)
    seeds = list(range(first_seed, first_seed + count))
    with progress_bar(f"stress: {submission} under {count} seeds", True) as on_seed:
        try:
            outcome = stress(course, submission, topics, seeds,
                             GradingOptions(examples=examples), on_seed)
        except GradingError as exc:
            fail(str(exc), code=3)
    table = Table(title=f"{submission} under seeds {seeds[0]}..{seeds[-1]} "
                        f"({examples} examples per test)")
    for column in ("topic", "seeds", "failed tests", "grading time per seed (s)"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    failures = []
    for name, result in outcome.items():
        times = result.durations or [0.0]
        table.add_row(name, str(result.seeds), str(len(result.failures)),
                      f"median {statistics.median(times):.1f}, max {max(times):.1f}")
        for test, seen in result.failures.items():
            first_seed_failed, feedback = seen[0]
            failures.append(f"{name}::{test} failed under {len(seen)} seed(s), e.g. "
                            f"{first_seed_failed}: {feedback}\n    reproduce: autograder grade "
                            f"{submission} --topic {name} --seed {first_seed_failed}")
    stdout.print(table)
    if failures:
        fail(f"{len(failures)} test(s) failed under some seed:\n  " + "\n  ".join(failures),
             code=1)
    stdout.print(f"[bold green]stress: every test passed under all {count} seeds[/]")
