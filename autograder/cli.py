"""Command line: ``autograder list | check | grade | batch | release | verify | stress |
doctor | gradescope | classroom | notebooks``.

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

from autograder import exports, intake, layers, report
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
              envvar="AUTOGRADER_COURSE",
              help="Course folder with solutions/ and tests/ (default: $AUTOGRADER_COURSE, "
                   "else found from the working directory).")
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
    show_default=True, help="CPU seconds allowed for each call into the submission (a call "
                            "that waits is stopped after 4 times as many seconds of wall time).")
budget_option = click.option(
    "--budget", type=click.FloatRange(min=0.1), default=DEFAULT_BUDGET, show_default=True,
    help="CPU seconds allowed for all calls into one submission together.")
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
        found = intake.entries(path, topics)
    except intake.IntakeError as exc:
        return str(exc)
    folders = {entry.relpath.parts[0] for entry in found if len(entry.relpath.parts) > 1}
    problem = intake.lacks_topics(str(path), folders, topics)
    if problem:
        return problem
    for entry in found:  # e.g. IPython magics dropped from a notebook
        for warning in entry.warnings:
            stderr.print(Text.assemble(("warning:", "yellow"), " ", warning))
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
@click.option("--seed", type=click.IntRange(min=0), default=None,
              help="Draw the examples from this Hypothesis seed instead of the fixed, "
                   "derandomized grading examples (to reproduce a `stress` failure).")
@click.pass_obj
def grade_command(course: Course, submissions: tuple[Path, ...], topic_names: tuple[str, ...],
                  output_format: str, output: Path | None, timeout: float, budget: float,
                  memory_mib: int, examples: int, seed: int | None) -> None:
    """Grade SUBMISSIONS, each a folder laid out like assignments/ (or a .zip of one)."""
    topics = _topics(course, topic_names)
    if output_format in ("gradescope", "prairielearn") and len(submissions) != 1:
        fail(f"--format {output_format} describes one submission; got {len(submissions)}")
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)  # PrairieLearn's /grade/results
    problems = [p for p in (_validate_submission(course, s, topics) for s in submissions) if p]
    if problems:
        document = exports.not_gradable(output_format, "\n".join(problems))
        if output and document:  # the platform shows the student why
            output.write_text(document, encoding="utf-8")
        fail("\n".join(problems))
    isolation = layers.detect()
    if not (isolation.bwrap or isolation.uid is not None):
        stderr.print("[yellow]warning:[/] no filesystem isolation on this machine: a submission "
                     "could read solutions/ and tests/ (see `autograder doctor`)")
    options = GradingOptions(timeout, examples, budget=budget, memory_mib=memory_mib, seed=seed)
    results = _grade_all(course, list(submissions), topics, options, show_progress=True)
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
    import glob

    from autograder import batch
    from autograder.gradebook import Gradebook, GradebookError

    topics = _topics(course, topic_names)
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
    isolation = layers.detect()
    if not (isolation.bwrap or isolation.uid is not None):
        stderr.print("[yellow]warning:[/] no filesystem isolation on this machine: a submission "
                     "could read solutions/ and tests/ (see `autograder doctor`)")
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
    written = exports.write_exports(results, out_dir, formats)
    ungraded = [result.submission for result in results if result.metadata.get("error")]
    stdout.print(f"{len(plan.jobs)} graded, {len(plan.unchanged)} unchanged"
                 + (f"; not gradable (every test recorded as an error): {', '.join(ungraded)}"
                    if ungraded else "")
                 + f"; {len(written)} export file(s) in {out_dir}", highlight=False,
                 soft_wrap=True)


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
@click.option("--bundle", "bundle_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the student bundle (stubs, public tests, the harness) "
                                 "to this .zip instead of regenerating assignments/.")
@click.option("--topic", "topic_names", multiple=True,
              help="Bundle only this topic (repeatable; default: all).")
@click.pass_obj
def release(course: Course, check_only: bool, bundle_path: Path | None,
            topic_names: tuple[str, ...]) -> None:
    """Regenerate assignments/ from solutions/ (solution blocks become stubs), or write the
    student bundle."""
    if not course.solutions.is_dir():
        fail(f"cannot release: {course.solutions} is missing (a student bundle has no "
             "reference solutions)")
    if bundle_path is None and topic_names:
        fail("--topic selects the topics of a --bundle")
    if bundle_path is not None:
        if check_only:
            fail("--check and --bundle do not go together")
        _write_bundle(course, _topics(course, topic_names), bundle_path)
        return
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


def _write_bundle(course: Course, topics: list[Topic], out: Path) -> None:
    from autograder.bundle import build
    from autograder.packaging import PackagingError

    try:
        files = build(course, topics, out)
    except (MarkerError, SyntaxError, PackagingError, OSError) as exc:
        fail(f"cannot write the student bundle: {exc}", code=1)
    tests = sum(name.startswith("tests/") for name in files)
    stdout.print(f"wrote {out}: {len(files)} files ({len(topics)} topics, {tests} public test "
                 f"files, the harness); no solutions, hidden tests or bugs")


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
    from autograder.gradescope_zip import build
    from autograder.packaging import PackagingError

    topics = _topics(course, topic_names)
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
    from autograder.classroom import WorkflowOptions, write_workflow

    topics = _topics(course, topic_names)
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
    from autograder.classroom import read_report

    try:
        lines = read_report(results)
    except (OSError, ValueError) as exc:
        fail(str(exc))
    for line in lines:
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
    from autograder.nbgrader_notebooks import NotebookSourceError, write_source_notebooks

    topics = _topics(course, topic_names)
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
