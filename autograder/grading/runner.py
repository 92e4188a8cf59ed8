"""Grade one submission: run the graded tests with pytest, collect one GradingResult.

pytest runs in the grader's process (the tests and the reference are trusted); the
submission's code runs only in the sandboxed worker the plugin starts for it.
"""

from __future__ import annotations

import datetime
import json
import os
import time
from concurrent.futures import as_completed
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from autograder import __version__
from autograder.checks.marks import GRADING_EXAMPLES, points_of
from autograder.course import Course, Topic
from autograder.extras import install_hint
from autograder.grading import cores, intake, replay
from autograder.grading.pool import grading_pool
from autograder.grading.plugin import INTAKE_WARNINGS, OUTCOMES, fresh_worker, take_in_again
from autograder.results import GradingResult, TopicResult
from autograder.sandbox.client import DEFAULT_BUDGET, DEFAULT_CALL_TIMEOUT
from autograder.sandbox.layers import Limits


class GradingError(RuntimeError):
    """The graded tests themselves could not run (a course bug, never the student's)."""


@dataclass
class GradingOptions:
    call_timeout: float = DEFAULT_CALL_TIMEOUT
    examples: int = GRADING_EXAMPLES
    visible_only: bool = False
    budget: float = DEFAULT_BUDGET
    memory_mib: int = Limits.memory_bytes // 2**20
    disabled_layers: tuple[str, ...] = ()
    seed: int | None = None  # None: derandomized (the grading default); else Hypothesis's seed
    reveal_feedback: bool = False  # every test's feedback in full, for instructors (verify)
    replay: bool = True  # run property tests on stored examples (same results, less time)

    def profile(self) -> dict:
        """The options that shape a result, as reported in its ``metadata["profile"]``."""
        return {"name": "grading", "examples_per_test": self.examples,
                "derandomize": self.seed is None, "seed": self.seed,
                "call_timeout_s": self.call_timeout, "budget_s": self.budget,
                "memory_mib": self.memory_mib, "visible_only": self.visible_only}


@dataclass(frozen=True)
class GradedTest:
    """A graded test as declared, before it runs."""

    topic: Topic
    name: str
    function: str
    points: float
    visibility: str
    requires: tuple[str, ...] = ()
    contract: str | None = None
    rules: tuple[str, ...] = ()


class _Collector:
    """pytest plugin object: reports progress and keeps the session's tests and outcomes."""

    def __init__(self, on_test: Callable[[int, int], None] | None = None):
        self.on_test = on_test
        self.tests: list[GradedTest] = []
        self.done = 0
        self.outcomes: dict = {}
        self.intake_warnings: list[str] = []
        self.errors: list[str] = []
        self.contract_weight = 1.0

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        for item in session.items:
            mark = item.get_closest_marker("graded")
            if mark is not None:
                self.tests.append(GradedTest(
                    Topic.of_path(item.path), item.name, mark.kwargs["function"],
                    points_of(mark.kwargs, self.contract_weight),
                    mark.kwargs.get("visibility", "visible"), mark.kwargs.get("requires", ()),
                    mark.kwargs.get("contract"), mark.kwargs.get("rules", ())))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext}")

    def pytest_runtest_logfinish(self) -> None:
        self.done += 1
        if self.on_test:
            self.on_test(self.done, len(self.tests))

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.outcomes = session.config.stash.get(OUTCOMES, {})
        self.intake_warnings = session.config.stash.get(INTAKE_WARNINGS, [])


def _run_pytest(course: Course, topics: list[Topic], extra: list[str],
                collector: _Collector, *plugins: object,
                stoppable: bool = False) -> None:
    args = [str(course.tests / topic.name) for topic in topics] + [
        "--course", str(course.root),
        "--rootdir", str(course.root),
        "--import-mode=importlib",
        "-p", "no:terminal", "-p", "no:cacheprovider",
        # its exit-time gc.collect() took 0.2-0.4 s of each grading; nothing reads its reports
        "-p", "no:unraisableexception",
        *extra,
    ]
    exit_code = pytest.main(args, plugins=[collector, *plugins])
    accepted = {pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED,
                pytest.ExitCode.NO_TESTS_COLLECTED, *([pytest.ExitCode.INTERRUPTED] * stoppable)}
    if collector.errors or exit_code not in accepted:
        details = "\n".join(collector.errors) or f"pytest exited with {exit_code!r}"
        hint = install_hint(details)  # a test module imports an optional dependency
        raise GradingError(f"the graded tests could not run:\n{details}"
                           + (f"\n{hint}" if hint else ""))


def withhold_unproven(result: TopicResult, requires: dict[str, tuple[str, ...]]) -> None:
    """A passed test whose required tests did not all pass earns nothing: its property also
    holds for wrong (e.g. constant) code, and only they show correct values."""
    status = {test.name: test.status for test in result.tests}
    for test in result.tests:
        missing = [name for name in requires.get(test.name, ())
                   if status.get(name) != "passed"]
        if test.status == "passed" and missing:
            test.status = "failed"
            test.feedback += (f"\nThis property holds, but it earns its points only together "
                              f"with correct values, and {', '.join(missing)} did not pass.")


def collect(course: Course, topics: list[Topic]) -> dict[Topic, list[GradedTest]]:
    """The graded tests of ``topics``, in order, without running them."""
    collector = _Collector()
    collector.contract_weight = course.contract_weight
    _run_pytest(course, topics, ["--collect-only"], collector)
    tests: dict[Topic, list[GradedTest]] = {topic: [] for topic in topics}
    for test in collector.tests:
        tests[test.topic].append(test)
    return tests


def graded_test_files(course: Course, topics: list[Topic]) -> list[Path]:
    """The graded test files of ``topics`` (the bug zoo left out)."""
    return [path for topic in topics for path in sorted((course.tests / topic.name).rglob("test_*.py"))
            if "bugs" not in path.relative_to(course.tests / topic.name).parts]


def ensure_recorded(course: Course, topics: list[Topic], examples: int) -> bool:
    """Record the examples of ``topics``'s tests from the reference solutions, where they
    are not stored yet for this suite (:mod:`autograder.grading.replay`); False when they
    cannot be (no reference here, as in a student's bundle)."""
    with ExitStack() as locks:
        for topic in sorted(topics):
            locks.enter_context(replay.cache_lock(course.root, topic.name))
        todo = replay.missing(course.root, graded_test_files(course, topics), examples)
        if not todo:
            return True
        if not course.solutions.is_dir():
            return False
        _run_pytest(course, sorted({Topic.of_path(path) for path in todo}), [
            "--submission", str(course.solutions), "--replay=record",
            "--examples", str(examples)], _Collector())
    return True


def grade(course: Course, submission: Path, topics: list[Topic],
          options: GradingOptions | None = None,
          on_test: Callable[[int, int], None] | None = None, jobs: int = 1) -> GradingResult:
    """Grade ``submission`` (a folder laid out like ``assignments/``) on ``topics``.

    ``on_test(done, total)`` is called after each test, for progress bars (after each group
    of topics with ``jobs`` > 1). ``jobs`` > 1 grades groups of topics in parallel, the
    first in this process and each other in a process of its own, each with its own worker
    and time budget (see :func:`balance`); the result is the same as from one process,
    unless the budget runs out.
    """
    options = options or GradingOptions()
    if jobs > 1 and len(topics) > 1:
        return _grade_in_parallel(course, submission, topics, options, on_test, jobs)
    started = time.monotonic()
    collector = _Collector(on_test)
    collector.contract_weight = course.contract_weight
    with cores.one_core():
        _run_pytest(course, topics, _grading_args(course, submission, topics, options),
                    collector)
    return _collected(course, submission, topics, options, started, collector)


def _grading_args(course: Course, submission: Path, topics: list[Topic],
                  options: GradingOptions) -> list[str]:
    """pytest's options for grading ``submission`` (recording the examples first, where
    they are to be replayed and are not stored yet)."""
    replayed = options.replay and options.seed is None and ensure_recorded(
        course, topics, options.examples)
    return [
        "--submission", str(Path(submission).resolve()),
        "--call-timeout", str(options.call_timeout),
        "--budget", str(options.budget),
        "--memory-limit", str(options.memory_mib),
        *(f"--disable-layer={layer}" for layer in options.disabled_layers),
        "--examples", str(options.examples),
        *(["--visible-only"] if options.visible_only else []),
        *([f"--hypothesis-seed={options.seed}"] if options.seed is not None else []),
        *(["--reveal-feedback"] if options.reveal_feedback else []),
        *(["--replay=on"] if replayed else []),
    ]


def _collected(course: Course, submission: Path, topics: list[Topic],
               options: GradingOptions, started: float, collector: _Collector) -> GradingResult:
    by_topic = {topic: TopicResult(topic.name) for topic in topics}
    for topic, test in collector.outcomes.values():
        by_topic[topic].tests.append(test)
    requires = {(test.topic, test.name): test.requires for test in collector.tests}
    for topic, result in by_topic.items():
        withhold_unproven(result, {name: requires.get((topic, name), ())
                                   for name in (t.name for t in result.tests)})
    _remember_costs(course, by_topic)
    return _result(submission, list(by_topic.values()), options, started,
                   collector.intake_warnings)


def watch(course: Course, submission: Path, topics: list[Topic], options: GradingOptions,
          on_result: Callable[[GradingResult], None], wait: Callable[[], bool]) -> None:
    """Grade ``submission`` on ``topics``, then again each time ``wait()`` returns True
    (False ends it), for a student's edit-and-check loop. One pytest session serves every
    round: the tests are collected once, examples loaded once, and a fresh worker is started
    while ``wait`` waits, so that a round costs little more than its tests. Each round
    takes the submission in again and gets a fresh worker and time budget, so its result
    is what ``grade`` would give. ``on_result`` gets each round's result."""
    collector = _Collector()
    collector.contract_weight = course.contract_weight

    class Rounds:
        @pytest.hookimpl(tryfirst=True)
        def pytest_runtestloop(self, session: pytest.Session) -> bool:
            while True:
                started = time.monotonic()
                session.config.stash[OUTCOMES].clear()
                for index, item in enumerate(session.items):
                    following = session.items[index + 1] if index + 1 < len(session.items) else None
                    item.config.hook.pytest_runtest_protocol(item=item, nextitem=following)
                collector.pytest_sessionfinish(session)
                on_result(_collected(course, submission, topics, options, started, collector))
                fresh_worker(session.config)  # started while the student edits
                if not wait():
                    return True
                take_in_again(session.config)

    with cores.one_core():
        _run_pytest(course, topics, _grading_args(course, submission, topics, options),
                    collector, Rounds(), stoppable=True)  # Ctrl-C while a round runs ends it


def _result(submission: Path, topics: list[TopicResult], options: GradingOptions,
            started: float, conversion: list[str]) -> GradingResult:
    return GradingResult(
        submission=str(submission),
        topics=topics,
        metadata={
            "autograder_version": __version__,
            "profile": options.profile(),
            "duration_s": round(time.monotonic() - started, 3),
            "graded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"),
            # what intake dropped from notebooks (IPython magics, shell lines), if anything
            **({"intake_warnings": conversion} if conversion else {}),
        },
    )


COSTS = replay.CACHE_FOLDER.parent / "topic-costs.json"


def _remember_costs(course: Course, results: dict[Topic, TopicResult]) -> None:
    """Keep each topic's last grading time, for :func:`balance` (best effort)."""
    path = course.root / COSTS
    try:
        costs = json.loads(path.read_text()) if path.is_file() else {}
        costs.update({topic.name: round(sum(test.duration_s for test in result.tests), 3)
                      for topic, result in results.items() if result.tests})
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(costs, sort_keys=True))
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass


def balance(course: Course, topics: list[Topic], groups: int) -> list[list[Topic]]:
    """``topics`` in at most ``groups`` groups of about equal cost (the longest first into
    the cheapest group), by each topic's last measured grading time; a topic never measured
    counts as the mean of those that were (1 s if none was)."""
    try:
        known = json.loads((course.root / COSTS).read_text())
    except (OSError, ValueError):
        known = {}
    measured = [known[topic.name] for topic in topics if topic.name in known]
    default = sum(measured) / len(measured) if measured else 1.0
    cost = {topic: float(known.get(topic.name, default)) for topic in topics}
    bins: list[tuple[float, list[Topic]]] = [(0.0, []) for _ in range(min(groups, len(topics)))]
    for topic in sorted(topics, key=lambda t: (-cost[t], t.name)):
        total, members = min(bins, key=lambda b: b[0])
        bins[bins.index((total, members))] = (total + cost[topic], members + [topic])
    return [sorted(members) for _, members in bins if members]


def _grade_in_parallel(course: Course, submission: Path, topics: list[Topic],
                       options: GradingOptions, on_test: Callable[[int, int], None] | None,
                       jobs: int) -> GradingResult:
    started = time.monotonic()
    try:  # the warnings as one process would report them
        warnings = [warning for entry in intake.entries(Path(submission), topics)
                    for warning in entry.warnings]
    except intake.IntakeError:
        warnings = []  # each group's tests report it, as in one process
    first, *others = balance(course, topics, jobs)
    total = 1 + len(others)
    # the first group here, the others in spawned processes (this one's imports are paid)
    with ExitStack() as stack:
        pool = stack.enter_context(grading_pool(len(others))) if others else None
        futures = [pool.submit(grade, course, submission, group, options) for group in others]
        results = [grade(course, submission, first, options)]
        if on_test:
            on_test(1, total)
        for done, _ in enumerate(as_completed(futures), start=2):
            if on_test:
                on_test(done, total)
        results += [future.result() for future in futures]
    graded = {result.name: result for part in results for result in part.topics}
    return _result(submission, [graded[topic.name] for topic in topics], options, started,
                   warnings)
