"""``autograder batch``: a whole class, resumable through the gradebook."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import exports
from autograder.cli.app import (
    budget_option,
    examples_option,
    fail,
    main,
    memory_option,
    stderr,
    stdout,
    timeout_option,
    topics_of,
    warn_if_unisolated,
)
from autograder.course import Course
from autograder.exports import terminal as report
from autograder.grading.runner import GradingError, GradingOptions


@main.command(name="batch")
@click.argument("class_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--jobs", type=click.IntRange(min=1), default=None,
              help="Submissions graded at once  [default: the number of cores]")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the exports and the gradebook  "
                                 "[default: CLASS_DIR-results beside CLASS_DIR]")
@click.option("--gradebook", "gradebook_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="SQLite gradebook  [default: OUT_DIR/gradebook.sqlite]")
@click.option("--export", "export_list", default=None, metavar="LIST",
              help=f"Comma-separated export formats to write, of {', '.join(exports.EXPORTS)} "
                   "(an empty LIST: none)  [default: all]")
@click.option("--regrade", is_flag=True,
              help="Grade every submission again, even those the gradebook has unchanged.")
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@click.option("--hints", is_flag=True,
              help="Name in the feedback files the likely mistakes that the topics' bug zoos "
                   "match (recorded with every grading; run again with --hints after the "
                   "due date: unchanged submissions are not graded again).")
@timeout_option
@budget_option
@memory_option
@examples_option
@click.pass_obj
def batch_command(course: Course, class_dir: Path, jobs: int | None, out_dir: Path | None,
                  gradebook_path: Path | None, export_list: str | None, regrade: bool,
                  topic_names: tuple[str, ...], hints: bool, timeout: float, budget: float,
                  memory_mib: int, examples: int) -> None:
    """Grade every submission in CLASS_DIR (one folder, .zip or .ipynb per student, named by
    student id), in parallel, recording each run in a SQLite gradebook; unchanged
    submissions are not graded again."""
    import glob

    from autograder.classbook import batch
    from autograder.classbook.gradebook import Gradebook, GradebookError

    topics = topics_of(course, topic_names)
    class_dir = class_dir.resolve()
    out_dir = (out_dir or class_dir.with_name(f"{class_dir.name}-results")).resolve()
    gradebook_path = (gradebook_path or out_dir / "gradebook.sqlite").resolve()
    try:
        formats = batch.parse_formats(export_list, exports.EXPORTS)
        submissions, notes = batch.find_submissions(class_dir, [  # the batch's own files
            out_dir, *gradebook_path.parent.glob(f"{glob.escape(gradebook_path.name)}*")])
    except batch.BatchError as exc:
        fail(str(exc))
    for note in notes:
        stderr.print(note, highlight=False, soft_wrap=True)
    if not submissions:
        fail(f"{class_dir} holds no submission (a folder, .zip or .ipynb per student)")
    warn_if_unisolated()
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib)
    try:
        with Gradebook(gradebook_path, lock=True) as gradebook, \
                batch.staging_area(gradebook) as staging:
            grader = batch.Batch(course, topics, options, gradebook, jobs or batch.default_jobs())
            plan = grader.plan(submissions, staging, regrade)
            stderr.print(f"{len(submissions)} submissions: {len(plan.jobs)} to grade, "
                         f"{len(plan.unchanged)} unchanged (gradebook {gradebook_path})",
                         highlight=False, soft_wrap=True)
            with batch.progress(stderr, len(plan.jobs)) as on_finished:
                results = grader.run(plan, on_finished)
    except GradebookError as exc:
        fail(str(exc))
    except GradingError as exc:
        fail(str(exc), code=3)
    stdout.print(report.class_table(results))
    written = exports.write_exports(results, out_dir, formats, hints)
    ungraded = [result.submission for result in results if result.metadata.get("error")]
    stdout.print(f"{len(plan.jobs)} graded, {len(plan.unchanged)} unchanged"
                 + (f"; not gradable (every test recorded as an error): {', '.join(ungraded)}"
                    if ungraded else "")
                 + f"; {len(written)} export file(s) in {out_dir}", highlight=False,
                 soft_wrap=True)
