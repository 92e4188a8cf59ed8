"""``autograder gradescope | classroom | notebooks`` and the student bundle."""

from __future__ import annotations

from pathlib import Path

import click

from autograder.checks.marks import GRADING_EXAMPLES
from autograder.cli.app import (
    examples_option,
    fail,
    main,
    stdout,
    topics_of,
    workflow_command,
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
@click.pass_obj
def gradescope_build(course: Course, out: Path, topic_names: tuple[str, ...],
                     examples: int) -> None:
    """Write Gradescope's autograder zip: setup.sh, run_autograder, the autograder's source,
    and the solutions/ and tests/ of the topics (private to instructors)."""
    from autograder.platforms.gradescope import build
    from autograder.platforms.packaging import PackagingError

    topics = topics_of(course, topic_names)
    if not course.solutions.is_dir():
        fail(f"cannot build: {course.solutions} is missing (hidden tests need the reference)")
    try:
        files = build(course, topics, examples, out)
    except (PackagingError, OSError) as exc:
        fail(f"cannot build the Gradescope autograder: {exc}", code=1)
    stdout.print(f"wrote {out}: {len(files)} files; each submission is graded on "
                 f"{', '.join(t.name for t in topics)} with {examples} examples per test. "
                 f"It holds the reference solutions: keep it private to instructors.")


@main.group(name="classroom")
def classroom_group() -> None:
    """GitHub Classroom: the autograding workflow and its points line."""


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


@classroom_group.command(name="points")
@click.argument("results", type=click.Path(dir_okay=False, path_type=Path))
def classroom_points(results: Path) -> None:
    """Print `Points X/Y` (and GitHub Classroom's notices) for RESULTS, the output of
    `grade --format json` for one submission."""
    from autograder.platforms.classroom import read_report

    try:
        lines = read_report(results)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    for line in lines:  # Points X/Y, then Classroom's notices: the grader's own commands
        if line.startswith("::"):
            workflow_command(line)
        else:
            click.echo(line)


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
