"""``autograder list | check | grade``: one submission at a time."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from autograder import exports
from autograder.cli.app import (
    budget_option,
    examples_option,
    fail,
    grade_all,
    hints_option,
    main,
    memory_option,
    refuse_if_uncapped,
    stderr,
    stdout,
    timeout_option,
    topics_of,
    validate_submission,
    warn_if_unisolated,
)
from autograder.classbook.batch import default_jobs
from autograder.course import Course
from autograder.exports import terminal as report
from autograder.exports.common import hints_shown
from autograder.grading.runner import GradingError, GradingOptions, collect
from autograder.grading.runner import watch as watch_grading
from autograder.results import GradingResult, results_to_json


@main.command(name="list")
@click.pass_obj
def listtopics_of(course: Course) -> None:
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


@main.command(name="check")
@click.argument("topic")
@click.option("--path", type=click.Path(path_type=Path), default=None,
              help="Your folder laid out like assignments/ (default: assignments/ of the "
                   "course).")
@timeout_option
@budget_option
@memory_option
@examples_option
@click.option("--watch", is_flag=True,
              help="Stay running and check again each time you save a file of your folder "
                   "(Ctrl-C stops).")
@click.pass_obj
def check(course: Course, topic: str, path: Path | None, timeout: float, budget: float,
          memory_mib: int, examples: int, watch: bool) -> None:
    """Run the public tests of TOPIC on your code and explain every failure."""
    topics = topics_of(course, (topic,))
    path = path or course.assignments
    problem = validate_submission(path, topics)
    if problem:
        fail(problem)
    refuse_if_uncapped()
    options = GradingOptions(timeout, examples, visible_only=True, budget=budget,
                             memory_mib=memory_mib)
    if not watch:
        result = grade_all(course, [path], topics, options, show_progress=True)[0]
        stdout.print(report.submission_table(result))
        report.print_feedback(stdout, result)
        return

    def show(result: GradingResult) -> None:
        stdout.rule(Text(f"{path}: {result.score:g} / {result.max_score:g} in "
                         f"{result.metadata['duration_s']:.2f} s"))
        stdout.print(report.submission_table(result))
        report.print_feedback(stdout, result)

    def changed() -> bool:
        stdout.print(Text(f"watching {path} for changes (Ctrl-C to stop)", style="dim"))
        seen = _saved_state(path)
        try:
            while True:
                time.sleep(WATCH_INTERVAL)
                if _saved_state(path) == seen:
                    continue
                seen = _saved_state(path)
                problem = validate_submission(path, topics)
                if not problem:
                    return True
                stdout.print(Text(problem, style="red"))
        except KeyboardInterrupt:
            return False

    try:
        watch_grading(course, path, topics, options, show, changed)
    except GradingError as exc:
        fail(str(exc), code=3)


WATCH_INTERVAL = 0.2  # seconds between two looks at the student's files


def _saved_state(path: Path) -> list[tuple[str, int, int]]:
    """Each file under ``path`` with its modification time and size: what a save changes
    (a stat of a few files every 0.2 s; no file-watching dependency in a student's install)."""
    if path.is_file():
        return [(str(path), path.stat().st_mtime_ns, path.stat().st_size)]
    state = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for name in sorted(files):
            try:
                info = os.stat(os.path.join(folder, name))
            except OSError:  # removed while we looked
                continue
            state.append((os.path.join(folder, name), info.st_mtime_ns, info.st_size))
    return state


@main.command(name="grade")
@click.argument("submissions", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@click.option("--format", "output_format",
              type=click.Choice(["table", "json", *exports.SINGLE_FORMATS]),
              default="table", show_default=True,
              help="gradescope and prairielearn: that platform's results.json of ONE "
                   "submission; junit: JUnit XML; markdown: each submission's feedback.")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the report to this file (its folder is created) instead of "
                   "standard output.")
@timeout_option
@budget_option
@memory_option
@examples_option
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Groups of topics graded at once, each in its own process with its own "
                   "worker and time budget  [default: the number of cores]")
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Draw the examples from this Hypothesis seed instead of the fixed, "
                   "derandomized grading examples (to reproduce a `stress` failure).")
@click.option("--due", default=None, metavar="TIME",
              help="Due date (ISO 8601 with offset); the submission time is its git commit "
                   "or file time, or --gradescope-metadata's.")
@click.option("--late-policy", default="none", show_default=True, metavar="POLICY",
              help="none, zero, or linear:R%/day (or /hour), applied against the due date.")
@click.option("--gradescope-metadata", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Gradescope's submission_metadata.json: the submission "
                                 "time and (without --due) the due date.")
@click.option("--gradescope-visibility", type=click.Choice(["published", "public-summary"]),
              default="published", show_default=True,
              help="--format gradescope: hidden tests shown when grades are published, or "
                   "never, with a visible summary of the public tests (Otter's approach).")
@hints_option
@click.pass_obj
def grade_command(course: Course, submissions: tuple[Path, ...], topic_names: tuple[str, ...],
                  output_format: str, output: Path | None, timeout: float, budget: float,
                  memory_mib: int, examples: int, jobs: int | None, seed: int | None,
                  due: str | None, late_policy: str, gradescope_metadata: Path | None,
                  gradescope_visibility: str, hints: str | None) -> None:
    """Grade SUBMISSIONS, each a folder laid out like assignments/ (or a .zip of one).

    A submission that cannot be taken in is reported and the others are graded; the exit
    status is then 2."""
    topics = topics_of(course, topic_names)
    if output_format in ("gradescope", "prairielearn") and len(submissions) != 1:
        fail(f"--format {output_format} describes one submission; got {len(submissions)}")
    try:
        if output:
            output.parent.mkdir(parents=True, exist_ok=True)  # PrairieLearn's /grade/results
    except OSError as exc:
        fail(f"cannot write the report to {output}: {exc.strerror or exc}")
    checked = {path: validate_submission(path, topics) for path in submissions}
    problems = [problem for problem in checked.values() if problem]
    good = [path for path, problem in checked.items() if not problem]
    if not good:
        document = exports.not_gradable(output_format, "\n".join(problems))
        if output and document:  # the platform shows the student why
            output.write_text(document, encoding="utf-8")
        fail("\n".join(problems))
    warn_if_unisolated()
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib, seed=seed)
    results = grade_all(course, good, topics, options, show_progress=True,
                        jobs=jobs or default_jobs(), due=due, late_policy=late_policy,
                        gradescope_metadata=gradescope_metadata)
    try:
        report_results(results, output_format, output, gradescope_visibility,
                       hints or course.hints)
    except OSError as exc:
        fail(f"cannot write the report to {output}: {exc.strerror or exc}")
    finally:
        for problem in problems:  # after the report, so that they are the last lines
            stderr.print(Text.assemble(("not graded:", "bold red"), " ", problem),
                         soft_wrap=True)
    if problems:
        sys.exit(2)


def report_results(results: list[GradingResult], output_format: str, output: Path | None,
                   gradescope_visibility: str = "published", hints: str = "never") -> None:
    """The step summary (on GitHub Actions), then ``results`` in ``output_format``, with
    hints as ``hints`` says (see :func:`autograder.exports.common.hints_shown`)."""
    try:
        exports.append_step_summary(results)
    except (OSError, ValueError) as exc:
        stderr.print(Text.assemble(("warning:", "yellow"),
                                   f" no GitHub step summary written: {exc}"))
    if output_format != "table":
        try:
            text = (results_to_json(results) + "\n" if output_format == "json"
                    else exports.render(output_format, results, gradescope_visibility, hints))
        except ValueError as exc:
            fail(str(exc))
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        return
    console = Console(file=output.open("w", encoding="utf-8"), width=140) if output else stdout
    if len(results) == 1:
        console.print(report.submission_table(results[0]))
        report.print_feedback(console, results[0], hints_shown(results[0], hints))
    else:
        console.print(report.class_table(results))
