"""``autograder batch``: a whole class, resumable through the gradebook."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api, exports
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
@timeout_option
@budget_option
@memory_option
@examples_option
@click.pass_obj
def batch_command(course: Course, class_dir: Path, jobs: int | None, out_dir: Path | None,
                  gradebook_path: Path | None, export_list: str | None, regrade: bool,
                  topic_names: tuple[str, ...], timeout: float, budget: float,
                  memory_mib: int, examples: int) -> None:
    """Grade every submission in CLASS_DIR (one folder, .zip or .ipynb per student, named by
    student id), in parallel, recording each run in a SQLite gradebook; unchanged
    submissions are not graded again."""
    from autograder.classbook import batch
    from autograder.classbook.gradebook import GradebookError

    def progress(plan: batch.Plan):
        stderr.print(f"{len(plan.jobs) + len(plan.unchanged)} submissions: {len(plan.jobs)} "
                     f"to grade, {len(plan.unchanged)} unchanged", highlight=False,
                     soft_wrap=True)
        return batch.progress(stderr, len(plan.jobs))

    formats = None if export_list is None else [
        name.strip() for name in export_list.split(",") if name.strip()]
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib)
    warn_if_unisolated()
    try:
        done = api.batch(class_dir, topics_of(course, topic_names), options, course=course,
                         out=out_dir, gradebook=gradebook_path, formats=formats, jobs=jobs,
                         regrade=regrade, progress=progress)
    except (batch.BatchError, GradebookError) as exc:
        fail(str(exc))
    except GradingError as exc:
        fail(str(exc), code=3)
    for note in done.notes:
        stderr.print(note, highlight=False, soft_wrap=True)
    stdout.print(report.class_table(done.results))
    ungraded = done.not_gradable
    stdout.print(f"{len(done.graded)} graded, {len(done.unchanged)} unchanged"
                 + (f"; not gradable (every test recorded as an error): {', '.join(ungraded)}"
                    if ungraded else "")
                 + f"; {len(done.written)} export file(s) in {done.out_dir} (gradebook "
                   f"{done.gradebook})", highlight=False, soft_wrap=True)
