"""``autograder batch``: a whole class, resumable through the gradebook."""

from __future__ import annotations

from pathlib import Path

import click

from autograder import api, exports
from autograder.cli.app import (
    budget_option,
    examples_option,
    fail,
    hints_option,
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
              help="Submissions graded at once on this machine (with --executor dask: the "
                   "LocalCluster's workers)  [default: the number of cores]")
@click.option("--executor", "executor_name", type=click.Choice(["local", "dask"]),
              default=None, help="Where gradings run: local processes, or Dask (a "
                                 "LocalCluster unless --scheduler)  [default: local]")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Grade on the Dask cluster whose scheduler is at ADDRESS "
                   "(tcp://HOST:8786; implies --executor dask; needs the `cluster` extra).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Folder for the exports and the gradebook  "
                                 "[default: CLASS_DIR-results beside CLASS_DIR]")
@click.option("--gradebook", "gradebook_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="SQLite gradebook  [default: OUT_DIR/gradebook.sqlite]")
@click.option("--export", "export_list", default=None, metavar="LIST",
              help=f"Comma-separated export formats to write, of {', '.join(exports.EXPORTS)} "
                   f"and {api.SIMILARITY} (an empty LIST: none)  "
                   f"[default: {','.join(exports.DEFAULT_EXPORTS)}]")
@click.option("--due", default=None, metavar="TIME",
              help="Due date, ISO 8601 with its UTC offset (2026-12-01T23:59+01:00): records "
                   "each submission's time and applies --late-policy.")
@click.option("--late-policy", default="none", show_default=True, metavar="POLICY",
              help="none, zero, or linear:R%/day (or /hour): R% of the maximum per late day.")
@click.option("--extensions", "extensions_path", default=None,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="CSV of extensions: student, and due (a date) or days (extra days).")
@click.option("--roster", "roster_path", default=None,
              type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="For --export canvas/moodle: a CSV naming the students as the LMS does "
                   "(its own gradebook export works).")
@click.option("--roster-id", "roster_key", default=None, metavar="COLUMN",
              help="Roster column holding the submission ids  [default: SIS Login ID for "
                   "Canvas, Email address for Moodle]")
@click.option("--lms-assignment", default=None, metavar="NAME",
              help="The grade column, named as the LMS's export spells it, e.g. "
                   "'Autograder (12345)' (Canvas) or 'Assignment: Autograder (Real)' (Moodle).")
@click.option("--regrade", is_flag=True,
              help="Grade every submission again, even those the gradebook has unchanged.")
@click.option("--topic", "topic_names", multiple=True,
              help="Grade only this topic (repeatable; default: all).")
@hints_option
@timeout_option
@budget_option
@memory_option
@examples_option
@click.pass_obj
def batch_command(course: Course, class_dir: Path, jobs: int | None,
                  executor_name: str | None, scheduler: str | None, out_dir: Path | None,
                  gradebook_path: Path | None, export_list: str | None, due: str | None,
                  late_policy: str, extensions_path: Path | None, roster_path: Path | None,
                  roster_key: str | None, lms_assignment: str | None, regrade: bool,
                  topic_names: tuple[str, ...], hints: str | None, timeout: float, budget: float,
                  memory_mib: int, examples: int) -> None:
    """Grade every submission in CLASS_DIR (one folder, .zip or .ipynb per student, named by
    student id), in parallel, recording each run in a SQLite gradebook; unchanged
    submissions are not graded again."""
    from autograder.classbook import batch, deadlines
    from autograder.classbook.gradebook import GradebookError
    from autograder.exports.lms import RosterError

    if scheduler and (jobs or executor_name == "local"):
        fail("--scheduler grades on a Dask cluster: its workers, not --jobs or "
             "--executor local, decide how many gradings run at once")

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
        done = api.batch(
            class_dir, topics_of(course, topic_names), options, course=course, out=out_dir,
            gradebook=gradebook_path, formats=formats, jobs=jobs, scheduler=scheduler,
            dask=executor_name == "dask", regrade=regrade, due=due, late_policy=late_policy,
            extensions=extensions_path, roster=roster_path, roster_key=roster_key,
            lms_assignment=lms_assignment, hints=hints, progress=progress,
            log=lambda line: stderr.print(line, highlight=False, soft_wrap=True, markup=False))
    except (batch.BatchError, GradebookError, deadlines.DeadlineError, RosterError,
            exports.ExportError, api.MissingExtra) as exc:
        fail(str(exc))
    except GradingError as exc:
        fail(str(exc), code=3)
    for note in done.notes:
        stderr.print(note, highlight=False, soft_wrap=True, markup=False)
    stdout.print(report.class_table(done.results))
    if done.similarity is not None:
        from autograder.exports.similarity_report import terminal_table
        stdout.print(terminal_table(done.similarity))
    ungraded = done.not_gradable
    stdout.print(f"{len(done.graded)} graded, {len(done.unchanged)} unchanged"
                 + (f"; not gradable (every test recorded as an error): {', '.join(ungraded)}"
                    if ungraded else "")
                 + f"; {len(done.written)} export file(s) in {done.out_dir} (gradebook "
                   f"{done.gradebook})", highlight=False, soft_wrap=True)
