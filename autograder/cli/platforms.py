"""``autograder gradescope | classroom | notebooks`` and the student bundle."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.checks.marks import GRADING_EXAMPLES
from autograder.cli.app import (
    budget_option,
    examples_option,
    fail,
    hints_option,
    main,
    stdout,
    timeout_option,
    topics_of,
)
from autograder.course import Course
from autograder.grading.runner import GradingError, collect


@main.group(name="gradescope")
def gradescope_group() -> None:
    """Package the course for Gradescope."""


@gradescope_group.command(name="build")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              default=Path("autograder.zip"), show_default=True,
              help="Where to write the autograder zip.")
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@examples_option
@click.option("--memory", "memory_mb", type=click.IntRange(min=512), default=768,
              show_default=True, help="The container's memory in MB, as set in the "
                                      "assignment's autograder settings (768 by default); the "
                                      "worker gets this less 256 MiB for the grader.")
@click.option("--late-policy", default="none", show_default=True, metavar="POLICY",
              help="none, zero, or linear:R%/day (or /hour), against Gradescope's due date.")
@click.option("--visibility", type=click.Choice(["published", "public-summary"]),
              default="published", show_default=True,
              help="Hidden tests shown when grades are published, or never, with a visible "
                   "summary of the public tests (Otter's approach).")
@click.pass_obj
def gradescope_build(course: Course, out: Path, topic_names: tuple[str, ...],
                     examples: int, memory_mb: int, late_policy: str, visibility: str) -> None:
    """Write Gradescope's autograder zip: setup.sh, run_autograder, the autograder's source,
    and the solutions/ and tests/ of the topics (private to instructors)."""
    from autograder.classbook.deadlines import DeadlineError, LatePolicy
    from autograder.platforms.gradescope import BuildOptions, build
    from autograder.platforms.packaging import PackagingError

    topics = topics_of(course, topic_names)
    if not course.solutions.is_dir():
        fail(f"cannot build: {course.solutions} is missing (hidden tests need the reference)")
    try:
        LatePolicy.parse(late_policy)
        options = BuildOptions(topics, examples, memory_mb, late_policy, visibility)
    except (DeadlineError, ValueError) as exc:
        fail(str(exc))
    try:
        files = build(course, options, out)
    except (PackagingError, OSError) as exc:
        fail(f"cannot build the Gradescope autograder: {exc}", code=1)
    stdout.print(f"wrote {out}: {len(files)} files; each submission is graded on "
                 f"{', '.join(t.name for t in topics)} with {examples} examples per test. "
                 f"It holds the reference solutions: keep it private to instructors.")


@main.command(name="prairielearn")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("/grade"),
              envvar="AUTOGRADER_PRAIRIELEARN_ROOT", show_default=True,
              help="The grading job's folder (student/ in it, results/results.json written).")
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@timeout_option
@budget_option
@click.option("--memory-limit", "memory_mib", type=click.IntRange(min=256), default=1024,
              show_default=True, help="Address space of the sandboxed worker, in MiB (the "
                                      "job's 2 GiB container also holds the grader).")
@examples_option
@hints_option
@click.pass_obj
def prairielearn_command(course: Course, root: Path, topic_names: tuple[str, ...],
                         timeout: float, budget: float, memory_mib: int, examples: int,
                         hints: str | None) -> None:
    """A PrairieLearn external grading job: grade ROOT/student and write
    ROOT/results/results.json; exit 0 whenever that file is written (an ungradable
    submission gets gradable: false, which uses no attempt)."""
    import sys

    from autograder.grading.runner import GradingOptions
    from autograder.platforms.prairielearn import run_job

    topics = topics_of(course, topic_names)
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib)
    sys.exit(run_job(course, root, topics, options, sys.stderr, hints or course.hints))


@main.group(name="classroom")
def classroom_group() -> None:
    """GitHub Classroom: the autograding workflow and the runner results of its reporter."""


@classroom_group.command(name="workflow")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="The assignment's template repository.")
@click.option("--course-repo", required=True,
              help="owner/name of the private course repository (solutions/ and tests/).")
@click.option("--course-ref", default="main", show_default=True,
              help="Branch, tag or commit of the course repository (a tag or commit keeps "
                   "grading reproducible).")
@click.option("--token-secret", default="AUTOGRADER_COURSE_TOKEN", show_default=True,
              help="Name of the secret holding a token that can read the course repository.")
@click.option("--install", default=None,
              help="pip requirement for the autograder, e.g. a pinned git URL (default: "
                   "the course checkout).")
@click.option("--submission-dir", default=".", show_default=True,
              help="Folder of the student's repository laid out like assignments/.")
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@examples_option
@click.pass_obj
def classroom_workflow(course: Course, out: Path, course_repo: str, course_ref: str,
                       token_secret: str, install: str | None, submission_dir: str,
                       topic_names: tuple[str, ...], examples: int) -> None:
    """Write .github/workflows/classroom.yml for an assignment's template repository."""
    from autograder.platforms.classroom import WorkflowOptions, write_workflow

    topics = topics_of(course, topic_names)
    try:
        options = WorkflowOptions(course_repo, course_ref, token_secret, install, examples,
                                  submission_dir)
    except ValueError as exc:
        fail(str(exc))
    path = write_workflow(course, topics, options, out)
    stdout.print(f"wrote {path}: grades {', '.join(t.name for t in topics)} with the tests of "
                 f"{course_repo}@{course_ref} (secret {token_secret} must hold a token that "
                 f"can read it)")


@classroom_group.command(name="report")
@click.argument("results", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--topic", "topic_names", multiple=True,
              help="A graded topic, one runner of the reporter (repeatable; default: all).")
@click.option("--github-output", type=click.Path(dir_okay=False, path_type=Path),
              envvar="GITHUB_OUTPUT", default=None,
              help="Step output file to append the runner results to  [default: "
                   "$GITHUB_OUTPUT; unset: printed]")
@click.pass_obj
def classroom_report(course: Course, results: Path, topic_names: tuple[str, ...],
                     github_output: Path | None) -> None:
    """Print `Points X/Y` for RESULTS (the output of `grade --format json`) and set one step
    output per topic: the runner result GitHub Classroom's reporter reads. A missing or
    broken RESULTS gives every topic an error result (exit 0, so the reporter still runs)."""
    from autograder.platforms.classroom import report

    lines, outputs = report(results, topics_of(course, topic_names))
    for line in lines:
        click.echo(line)
    text = "".join(f"{name}={value}\n" for name, value in outputs.items())
    if github_output is None:
        click.echo(text, nl=False)
        return
    try:
        with github_output.open("a", encoding="utf-8") as handle:
            handle.write(text)
    except OSError as exc:
        fail(f"cannot write the step outputs to {github_output}: {exc.strerror}")


@main.command(name="notebooks")
@click.option("--topic", "topic_names", multiple=True,
              help="Only this topic (repeatable; default: all).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              default=Path("nbgrader"), show_default=True,
              help="nbgrader course directory: notebooks go to OUT/source/<topic>/.")
@click.option("--examples", type=click.IntRange(min=1), default=GRADING_EXAMPLES,
              show_default=True, help="Hypothesis examples per graded test in the test cells.")
@click.pass_obj
def notebooks_command(course: Course, topic_names: tuple[str, ...], out: Path,
                      examples: int) -> None:
    """Write nbgrader source notebooks (solution cells and locked test cells graded by
    this autograder), one assignment per topic: OUT/source/<NN_topic>/<module>.ipynb."""
    from autograder.platforms.nbgrader_notebooks import (
        NotebookSourceError,
        write_source_notebooks,
    )

    topics = topics_of(course, topic_names)
    try:
        written = write_source_notebooks(course, collect(course, topics), out, examples)
    except GradingError as exc:
        fail(str(exc), code=3)
    except (NotebookSourceError, SyntaxError, OSError) as exc:
        fail(f"cannot make a notebook: {exc}", code=1)
    for path in written:
        stdout.print(f"wrote {path}")
    stdout.print(f"next: cd {out} && nbgrader generate_assignment <topic>; nbgrader autograde "
                 "needs this autograder and the course (see README: Notebooks)", highlight=False)
