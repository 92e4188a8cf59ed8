"""``autograder list | check | grade``: one submission at a time."""

from __future__ import annotations

import os
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
    main,
    memory_option,
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
@click.pass_obj
def grade_command(course: Course, submissions: tuple[Path, ...], topic_names: tuple[str, ...],
                  output_format: str, output: Path | None, timeout: float, budget: float,
                  memory_mib: int, examples: int, jobs: int | None, seed: int | None) -> None:
    """Grade SUBMISSIONS, each a folder laid out like assignments/ (or a .zip of one)."""
    topics = topics_of(course, topic_names)
    if output_format in ("gradescope", "prairielearn") and len(submissions) != 1:
        fail(f"--format {output_format} describes one submission; got {len(submissions)}")
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)  # PrairieLearn's /grade/results
    problems = [p for p in (validate_submission(s, topics) for s in submissions) if p]
    if problems:
        document = exports.not_gradable(output_format, "\n".join(problems))
        if output and document:  # the platform shows the student why
            output.write_text(document, encoding="utf-8")
        fail("\n".join(problems))
    warn_if_unisolated()
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib, seed=seed)
    results = grade_all(course, list(submissions), topics, options, show_progress=True,
                        jobs=jobs or default_jobs())
    try:
        exports.append_step_summary(results)
    except (OSError, ValueError) as exc:
        stderr.print(f"[yellow]warning:[/] no GitHub step summary written: {exc}")
    if output_format != "table":
        try:
            text = (results_to_json(results) + "\n" if output_format == "json"
                    else exports.render(output_format, results))
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
        report.print_feedback(console, results[0])
    else:
        console.print(report.class_table(results))
