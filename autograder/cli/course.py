"""``autograder release | verify | stress | hints | doctor``: the course's own tooling."""

from __future__ import annotations

import os
import statistics
import textwrap
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from autograder.cli.app import (
    examples_option,
    fail,
    main,
    progress_bar,
    stdout,
    topics_of,
    validate_submission,
)
from autograder.course import Course, Topic
from autograder.course.release import MarkerError, Release

from autograder.checks.marks import GRADING_EXAMPLES
from autograder.grading.runner import GradingError, GradingOptions
from autograder.sandbox import layers

MUTANT_SAMPLE = 12  # per topic in `verify --mutants`: the whole course stays within CI's time


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
        _write_bundle(course, topics_of(course, topic_names), bundle_path)
        return
    try:
        generated = Release.of(course)
    except (MarkerError, SyntaxError) as exc:
        fail(f"cannot release: {exc}", code=1)
    if check_only:
        stale = generated.stale(course.assignments) + _stale_patterns(course)
        if stale:
            fail("assignments/ or the bug zoos' patterns are out of date; run `autograder "
                 "release`:\n  " + "\n  ".join(stale), code=1)
        stdout.print(f"assignments/ is up to date ({len(generated.files)} files), and so are "
                     f"the bug zoos' patterns")
        return
    changed = generated.write(course.assignments)
    stdout.print(f"wrote assignments/: {len(generated.files)} files, {len(changed)} changed")
    for line in changed:
        stdout.print(f"  {line}")
    _record_patterns(course)


def _stale_patterns(course: Course) -> list[str]:
    from autograder.course.hints import stale

    return [reason for topic in course.topics()
            if (reason := stale(course, topic, GRADING_EXAMPLES))]


def _record_patterns(course: Course, jobs: int = 2) -> None:
    """Grade the bugs of each topic whose patterns file is stale and record how they fail
    (the hints of grading are made from these files)."""
    from autograder.course.hints import grade_zoo, record, stale

    for topic in course.topics():
        reason = stale(course, topic, GRADING_EXAMPLES)
        if reason is None:
            continue
        stdout.print(Text(f"{reason}: grading its bugs"))
        with progress_bar(f"patterns: {topic.name}", True) as on_bug:
            try:
                graded = grade_zoo(course, topic, GradingOptions(), jobs, on_bug)
            except GradingError as exc:
                fail(str(exc), code=3)
        stdout.print(Text(f"wrote {record(course, topic, graded, GRADING_EXAMPLES)}"))


@main.command(name="verify")
@click.option("--topic", "topic_names", multiple=True, help="Verify only this topic.")
@click.option("--mutants", "mutant_sample", type=click.IntRange(min=1), default=None,
              is_flag=False, flag_value=MUTANT_SAMPLE,
              help=f"Also grade a deterministic sample of N mutants per topic (default "
                   f"{MUTANT_SAMPLE}); each must be killed or marked equivalent.")
@examples_option
@click.pass_obj
def verify_command(course: Course, topic_names: tuple[str, ...], mutant_sample: int | None,
                   examples: int) -> None:
    """Prove the tests: solutions/ full marks, assignments/ and trivial implementations
    zero, every bug caught (and with --mutants, every sampled mutant killed)."""
    from autograder.course.verify import verify

    topics = topics_of(course, topic_names)
    try:
        problems = verify(course, topics, GradingOptions(examples=examples), stdout)
        if mutant_sample:
            problems += _mutation_report(course, topics, GradingOptions(examples=examples),
                                         mutant_sample)
    except (GradingError, MarkerError, SyntaxError, ValueError) as exc:
        fail(str(exc), code=1)
    if problems:
        fail(f"{len(problems)} verification problem(s):\n  " + "\n  ".join(problems), code=1)
    stdout.print("[bold green]verify: all checks passed[/]")


@main.command(name="mutants")
@click.option("--topic", "topic_names", multiple=True, help="Only this topic (repeatable).")
@click.option("--sample", type=click.IntRange(min=1), default=None,
              help="Grade a deterministic sample of N mutants per topic (default: all).")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Grading processes.")
@examples_option
@click.pass_obj
def mutants_command(course: Course, topic_names: tuple[str, ...], sample: int | None,
                    jobs: int, examples: int) -> None:
    """Grade every mutant of the reference's solution blocks and list the survivors with
    their diff; exit 1 if a topic has a survivor not marked equivalent."""
    topics = topics_of(course, topic_names)
    try:
        problems = _mutation_report(course, topics, GradingOptions(examples=examples), sample,
                                    jobs)
    except (GradingError, MarkerError, SyntaxError, ValueError) as exc:
        fail(str(exc), code=1)
    if problems:
        fail(f"{len(problems)} surviving mutant(s):\n  " + "\n  ".join(problems), code=1)
    stdout.print("[bold green]mutants: every mutant killed or marked equivalent[/]")


def _mutation_report(course: Course, topics: list[Topic], options: GradingOptions,
                     sample: int | None, jobs: int = 2) -> list[str]:
    """Grade the mutants, print the score per topic, return one problem per survivor."""
    from autograder.course.mutants import run

    with progress_bar("mutants", True) as on_chunk:
        outcome = run(course, topics, options, sample, jobs, on_chunk)
    table = Table(title="mutation score (killed / non-equivalent mutants)")
    for column in ("topic", "mutants", "equivalent", "survivors", "score"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    problems = []
    for name, result in outcome.items():
        marked = sum(m.id in result.equivalent for m in result.mutants)
        table.add_row(name, str(len(result.mutants)), str(marked), str(len(result.survivors)),
                      f"{100 * result.score:.1f} %")
        for mutant in result.survivors:
            problems.append(escape(f"{name} {mutant.id} ({mutant.operator}) survived:\n"
                                   + textwrap.indent(mutant.diff, "    ")))
    stdout.print(table)
    return problems


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
    from autograder.course.stress import stress

    topics = topics_of(course, topic_names)
    submission = submission or course.solutions
    problem = validate_submission(submission, topics)
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



@main.command(name="hints")
@click.option("--topic", "topic_names", multiple=True, help="Only this topic's row.")
@click.option("--jobs", type=click.IntRange(min=1), default=2, show_default=True,
              help="Bugs graded at once (for stale patterns).")
@click.option("--verbose", is_flag=True, help="Also list the hint each held-out bug got.")
@click.pass_obj
def hints_command(course: Course, topic_names: tuple[str, ...], jobs: int,
                  verbose: bool) -> None:
    """Measure the hints: each bug of the zoo is held out and given the hints the rest of
    the course's zoo gives its failures; print per topic how often they name its mistake's
    class and how often they name another (records stale patterns first, as `release`)."""
    from autograder.course.hints import leave_one_out
    from autograder.grading import zoo

    _record_patterns(course, jobs)
    recorded = {topic.name: zoo.load(course, topic) for topic in course.topics()}
    shown = {topic.name for topic in topics_of(course, topic_names)}
    table = Table(title="hints, each bug held out of the zoo")
    for column in ("topic", "bugs", "right hints", "false hints", "hit rate", "false rate"):
        table.add_column(column, justify="left" if column == "topic" else "right")
    total = [0, 0, 0]
    for score in leave_one_out({name: bugs for name, bugs in recorded.items() if bugs}):
        if score.topic not in shown:
            continue
        table.add_row(score.topic, str(score.bugs), str(score.right), str(score.wrong),
                      f"{score.hit_rate:.0%}", f"{score.false_rate:.0%}")
        total = [total[0] + score.bugs, total[1] + score.right, total[2] + score.wrong]
        for bug, mistake, classes in score.given if verbose else ():
            stdout.print(Text(f"  {score.topic}/{bug} ({mistake}) -> {', '.join(classes)}"))
    bugs, right, wrong = total
    table.add_row("all", str(bugs), str(right), str(wrong), f"{right / max(bugs, 1):.0%}",
                  f"{wrong / max(bugs, 1):.0%}")
    stdout.print(table)


@main.command(name="doctor")
@click.pass_obj
def doctor(course: Course) -> None:
    """Show which sandbox layers are active here, and why the others are not."""
    from autograder.sandbox.doctor import run_probe

    isolation = layers.detect()
    applied, found = ({}, {}) if isolation.refusal else run_probe(course, isolation)
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
                  f"a uid of its own per submission ({applied.get('uid', '')}); the files it "
                  "leaves in /tmp, /var/tmp, /dev/shm are removed afterwards"
                  if isolation.uid is not None else off.get("uid", ""))
    table.add_row("processes", *_process_cap(isolation, off))
    table.add_row("temporary files", "on", f"a private /tmp of {isolation.tmp_bytes // 2**20} "
                  "MiB (tmpfs), the rest read-only" if isolation.bwrap else
                  "a private TMPDIR (mode 0700) per submission, removed afterwards")
    table.add_row("seccomp", applied.get("seccomp", "off") if applied else
                  ("on" if isolation.seccomp else "off"), off.get("seccomp", "no exec, "
                  "no new processes, no sockets, no ptrace/mount/unshare/kill"))
    stdout.print(table)
    if isolation.refusal:
        fail(isolation.refusal, code=3)
    probe = Table(title="what a submission can reach from the sandbox")
    probe.add_column("target", overflow="fold")
    probe.add_column("result")
    for target, result in found.items():
        if target != "modules":
            probe.add_row(Text(target), Text(result, style="red" if result.isupper() else ""))
    probe.add_row("reference or test modules loaded", ", ".join(found["modules"]) or "none")
    stdout.print(probe)


def _process_cap(isolation: layers.Isolation, off: dict[str, str]) -> tuple[str, str]:
    """The doctor's row for the cap on a submission's threads and processes."""
    most = f"{isolation.limits.processes} threads and processes"
    if isolation.uid is not None:
        return "on", f"{most} per submission (RLIMIT_NPROC of its uid)"
    if isolation.process_cap:
        return "on", f"{most} per submission (a pids cgroup under {isolation.process_cap})"
    if os.geteuid() != 0:
        return "on", f"{most} for the grader's user (RLIMIT_NPROC)"
    return "off", off.get("processes", "")


def _write_bundle(course: Course, topics: list[Topic], out: Path) -> None:
    from autograder.platforms.bundle import build
    from autograder.platforms.packaging import PackagingError

    try:
        files = build(course, topics, out)
    except (MarkerError, SyntaxError, PackagingError, OSError) as exc:
        fail(f"cannot write the student bundle: {exc}", code=1)
    tests = sum(name.startswith("tests/") for name in files)
    stdout.print(f"wrote {out}: {len(files)} files ({len(topics)} topics, {tests} public test "
                 f"files, the harness); no solutions, hidden tests or bugs")
