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
from autograder.cli.similarity import write_similarity
from autograder.exports import terminal as report
from autograder.grading.runner import GradingError, GradingOptions

SIMILARITY = "similarity"  # an export made from the submissions too, not from results alone


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
                   f"and {SIMILARITY} (an empty LIST: none)  "
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
                  topic_names: tuple[str, ...], timeout: float, budget: float,
                  memory_mib: int, examples: int) -> None:
    """Grade every submission in CLASS_DIR (one folder, .zip or .ipynb per student, named by
    student id), in parallel, recording each run in a SQLite gradebook; unchanged
    submissions are not graded again."""
    import glob

    from autograder.classbook import batch, deadlines
    from autograder.classbook.gradebook import Gradebook, GradebookError
    from autograder.exports.lms import PLATFORMS, LmsOptions, RosterError, checked_roster

    if scheduler and (jobs or executor_name == "local"):
        fail("--scheduler grades on a Dask cluster: its workers, not --jobs or "
             "--executor local, decide how many gradings run at once")
    topics = topics_of(course, topic_names)
    class_dir = class_dir.resolve()
    out_dir = (out_dir or class_dir.with_name(f"{class_dir.name}-results")).resolve()
    gradebook_path = (gradebook_path or out_dir / "gradebook.sqlite").resolve()
    try:
        formats = (list(exports.DEFAULT_EXPORTS) if export_list is None
                   else batch.parse_formats(export_list, (*exports.EXPORTS, SIMILARITY)))
        own_files = [out_dir, *gradebook_path.parent.glob(f"{glob.escape(gradebook_path.name)}*")]
        submissions, notes = batch.find_submissions(class_dir, own_files)
    except batch.BatchError as exc:
        fail(str(exc))
    for note in notes:
        stderr.print(note, highlight=False, soft_wrap=True)
    if not submissions:
        fail(f"{class_dir} holds no submission (a folder, .zip or .ipynb per student)")
    try:
        deadline = deadlines.deadline_from(due, late_policy, extensions_path)
    except deadlines.DeadlineError as exc:
        fail(str(exc))
    lms_options = None
    if any(name in PLATFORMS for name in formats):
        if not (roster_path and lms_assignment):
            fail("--export canvas/moodle needs --roster and --lms-assignment")
        lms_options = LmsOptions(roster_path, lms_assignment, roster_key)
        try:
            for name in (name for name in formats if name in PLATFORMS):
                checked_roster(PLATFORMS[name], lms_options)
        except RosterError as exc:
            fail(str(exc))
    warn_if_unisolated()
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib)
    try:
        where = batch.executor(jobs, scheduler, executor_name == "dask", lambda line:
                               stderr.print(line, highlight=False, soft_wrap=True))
    except ImportError as exc:
        fail(f"grading on Dask needs the autograder's `cluster` extra installed: {exc}")
    try:
        with Gradebook(gradebook_path, lock=True) as gradebook, \
                batch.staging_area(gradebook) as staging:
            grader = batch.Batch(course, topics, options, gradebook)
            plan = grader.plan(submissions, staging, regrade)
            stderr.print(f"{len(submissions)} submissions: {len(plan.jobs)} to grade, "
                         f"{len(plan.unchanged)} unchanged (gradebook {gradebook_path})",
                         highlight=False, soft_wrap=True)
            with where, batch.progress(stderr, len(plan.jobs)) as on_finished:
                results = grader.run(plan, where, on_finished)
            for note in deadlines.apply_deadline(
                    gradebook, results, {s.student: s.source for s in submissions}, deadline):
                stderr.print(note, highlight=False, soft_wrap=True)
    except (GradebookError, batch.BatchError, deadlines.DeadlineError) as exc:
        fail(str(exc))
    except GradingError as exc:
        fail(str(exc), code=3)
    stdout.print(report.class_table(results))
    try:
        written = exports.write_exports(results, out_dir,
                                        [name for name in formats if name != SIMILARITY],
                                        lms_options)
    except ValueError as exc:
        fail(str(exc))
    for path in written:
        if path.name.endswith("-roster.txt"):
            stderr.print(f"{path.name}:\n" + path.read_text(encoding="utf-8"), highlight=False,
                         soft_wrap=True, markup=False)
    if SIMILARITY in formats:
        written += write_similarity(class_dir, topics, results, course.assignments.resolve(),
                                    out_dir, own_files)
    ungraded = [result.submission for result in results if result.metadata.get("error")]
    stdout.print(f"{len(plan.jobs)} graded, {len(plan.unchanged)} unchanged"
                 + (f"; not gradable (every test recorded as an error): {', '.join(ungraded)}"
                    if ungraded else "")
                 + f"; {len(written)} export file(s) in {out_dir}", highlight=False,
                 soft_wrap=True)
