"""Mutation testing of the graded tests: every mutant of the reference must lose points.

The mutants of a topic (:mod:`autograder.course.mutation_operators`) are graded in one pytest
session per chunk: the tests are collected once, and for each mutant the session starts a
sandboxed worker on a folder holding the mutated module and runs the topic's tests until one
does not pass (that test *kills* the mutant). Tests that killed most mutants so far, and the
tests of the mutated function, run first. A mutant that no test kills at the fast example
count is graded again by the real grader (:func:`autograder.grading.runner.grade`) at the
grading example count before it is reported as a survivor.

An instructor either adds the property that kills a survivor, or marks it equivalent (it
computes the same function) in ``tests/NN_topic/verify.toml``::

    [equivalent]
    "relu_forward:3fa2b1c0" = "np.maximum(x, 0) and np.maximum(0, x) are the same function"

The score of a topic is killed / (mutants - equivalent). Sampling is deterministic: the
mutants whose ids hash lowest are taken, so a sample stays the same while the module
changes elsewhere.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pytest
from _pytest.runner import runtestprotocol

from autograder.course import Course, Topic
from autograder.course.mutation_operators import Mutant, mutants_of
from autograder.course.trivial import declarations
from autograder.grading.plugin import _SANDBOX, OUTCOMES
from autograder.grading.pool import grading_pool
from autograder.grading.runner import GradingOptions, grade
from autograder.sandbox import layers
from autograder.sandbox.client import Sandbox

FAST_EXAMPLES = 10
CHUNKS_PER_TOPIC = 2


@dataclass
class TopicMutants:
    """One topic's outcome: killer test per mutant id (None: survived), and the equivalents."""

    topic: str
    mutants: list[Mutant]
    killed_by: dict[str, str | None] = field(default_factory=dict)
    equivalent: dict[str, str] = field(default_factory=dict)  # id -> reason

    @property
    def survivors(self) -> list[Mutant]:
        return [m for m in self.mutants
                if self.killed_by.get(m.id) is None and m.id not in self.equivalent]

    @property
    def counted(self) -> int:
        return sum(m.id not in self.equivalent for m in self.mutants)

    @property
    def score(self) -> float:
        """Killed share of the non-equivalent mutants (1.0 when there are none)."""
        return 1.0 - len(self.survivors) / self.counted if self.counted else 1.0


def equivalents(course: Course, topic: Topic) -> dict[str, str]:
    """The mutants an instructor marked equivalent, id -> reason."""
    return declarations(course, topic, "equivalent")


def sample(mutants: list[Mutant], count: int | None) -> list[Mutant]:
    """The ``count`` mutants whose ids hash lowest (all of them for None)."""
    if count is None or count >= len(mutants):
        return mutants
    ranked = sorted(mutants, key=lambda m: hashlib.sha1(m.id.encode()).hexdigest())
    return sorted(ranked[:count], key=mutants.index)


def topic_mutants(course: Course, topic: Topic) -> list[Mutant]:
    path = course.solutions / topic.relpath
    return mutants_of(path.read_text(encoding="utf-8"), topic.relpath)


def run(course: Course, topics: list[Topic], options: GradingOptions,
        count: int | None = None, jobs: int = 2,
        on_chunk: Callable[[int, int], None] | None = None) -> dict[str, TopicMutants]:
    """Grade the (sampled) mutants of ``topics``; survivors are confirmed by the grader."""
    outcome = {}
    with grading_pool(jobs) as pool:
        futures = []
        for topic in topics:
            chosen = sample(topic_mutants(course, topic), count)
            outcome[topic.name] = TopicMutants(topic.name, chosen,
                                               equivalent=equivalents(course, topic))
            for chunk in range(CHUNKS_PER_TOPIC):
                part = chosen[chunk::CHUNKS_PER_TOPIC]
                if part:
                    futures.append((topic, pool.submit(_grade_mutants, course, topic, part,
                                                       options)))
        for done, (topic, future) in enumerate(futures, start=1):
            outcome[topic.name].killed_by.update(future.result())
            if on_chunk:
                on_chunk(done, len(futures))
        confirm = [(topic, mutant) for topic in topics
                   for mutant in outcome[topic.name].survivors]
        confirmed = [pool.submit(_grade_survivor, course, topic, mutant, options)
                     for topic, mutant in confirm]
        for (topic, mutant), future in zip(confirm, confirmed):
            outcome[topic.name].killed_by[mutant.id] = future.result()
    return outcome


def _write(folder: Path, topic: Topic, mutant: Mutant) -> Path:
    (folder / topic.name).mkdir(parents=True)
    (folder / topic.relpath).write_text(mutant.source, encoding="utf-8")
    return folder


def _grade_survivor(course: Course, topic: Topic, mutant: Mutant,
                    options: GradingOptions) -> str | None:
    """The first test that does not pass on ``mutant`` when really graded, else None."""
    with tempfile.TemporaryDirectory(prefix="autograder-mutant-") as folder:
        result = grade(course, _write(Path(folder) / "m", topic, mutant), [topic], options)
    return next((t.name for t in result.topics[0].tests if t.status != "passed"), None)


def _grade_mutants(course: Course, topic: Topic, mutants: list[Mutant],
                   options: GradingOptions) -> dict[str, str | None]:
    """In a fresh process: one pytest session that grades each mutant until a test fails."""
    loop = _MutantLoop(course, topic, mutants, options)
    code = pytest.main([
        str(course.tests / topic.name), "--course", str(course.root),
        "--rootdir", str(course.root), "--import-mode=importlib",
        "-p", "no:terminal", "-p", "no:cacheprovider",
        "--examples", str(min(options.examples, FAST_EXAMPLES)),
        "--call-timeout", str(options.call_timeout),
    ], plugins=[loop])
    if code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) or loop.errors:
        raise RuntimeError(f"{topic.name}: the graded tests could not run: {loop.errors}")
    return loop.killed_by


class _MutantLoop:
    """pytest plugin: replaces the run loop with one pass over the tests per mutant."""

    def __init__(self, course: Course, topic: Topic, mutants: list[Mutant],
                 options: GradingOptions):
        self.course, self.topic, self.mutants, self.options = course, topic, mutants, options
        self.killed_by: dict[str, str | None] = {}
        self.errors: list[str] = []

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            self.errors.append(f"{report.nodeid}: {report.longreprtext}")

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        config = session.config
        limits = layers.Limits(memory_bytes=self.options.memory_mib * 2**20)
        isolation = layers.detect(limits, frozenset(self.options.disabled_layers))
        isolation.protect([self.course.solutions, self.course.tests])
        kills: Counter[str] = Counter()
        items = list(session.items)
        root = Path(tempfile.mkdtemp(prefix="autograder-mutants-"))
        try:
            for number, mutant in enumerate(self.mutants):
                folder = _write(root / str(number), self.topic, mutant)
                order = sorted(items, key=lambda item: (
                    item.get_closest_marker("graded").kwargs["function"] != mutant.function,
                    -kills[item.name], items.index(item)))
                with Sandbox(folder, self.options.call_timeout, self.options.budget,
                             isolation) as sandbox:
                    config.stash[_SANDBOX] = sandbox
                    self.killed_by[mutant.id] = self._first_failure(config, order)
                del config.stash[_SANDBOX]
                if self.killed_by[mutant.id]:
                    kills[self.killed_by[mutant.id]] += 1
                shutil.rmtree(folder, ignore_errors=True)
        finally:
            shutil.rmtree(root, ignore_errors=True)
        return True

    @staticmethod
    def _first_failure(config: pytest.Config, order: list[pytest.Item]) -> str | None:
        for item in order:
            runtestprotocol(item, nextitem=None, log=False)
            _, result = config.stash[OUTCOMES].pop(item.nodeid, (None, None))
            if result is not None and result.status != "passed":
                return item.name
        return None
