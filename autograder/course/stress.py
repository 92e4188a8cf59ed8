"""Stress the graded tests against a submission (by default the reference) under many
Hypothesis seeds, instead of the one derandomized grading seed.

Grading always uses the same examples; a test whose tolerance or input strategy is wrong for
a few rare inputs can pass that seed and still fail correct code under another. Running the
reference under N seeds draws N times as many different examples: every failure here is a
false failure a student could meet if the course changed its grading seed or example count.
"""

from __future__ import annotations

import os
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

from autograder.grading.pool import grading_pool
from autograder.course import Course, Topic
from autograder.grading.runner import GradingOptions, grade
from autograder.results import TopicResult


@dataclass
class TopicStress:
    """One topic's outcome over all seeds: which tests failed under which seed, and the
    grading time per seed (seconds, summed over the topic's tests)."""

    topic: str
    failures: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    durations: list[float] = field(default_factory=list)

    @property
    def seeds(self) -> int:
        return len(self.durations)

    def add(self, seed: int, result: TopicResult) -> None:
        self.durations.append(sum(test.duration_s for test in result.tests))
        for test in result.tests:
            if test.status != "passed":
                self.failures.setdefault(test.name, []).append(
                    (seed, f"{test.status}: {test.feedback}"))


def stress(course: Course, submission: Path, topics: list[Topic], seeds: list[int],
           options: GradingOptions,
           on_seed: Callable[[int, int], None] | None = None) -> dict[str, TopicStress]:
    """Grade ``submission`` once per seed in ``seeds`` (in parallel processes) and gather the
    failures per topic. ``on_seed(done, total)`` reports progress."""
    outcome = {topic.name: TopicStress(topic.name) for topic in topics}
    with grading_pool(2 * (os.cpu_count() or 1)) as pool:
        # feedback in full: a false failure of the reference is shown with its exception
        futures = {pool.submit(grade, course, submission, topics,
                               replace(options, seed=s, reveal_feedback=True)): s
                   for s in seeds}
        for done, future in enumerate(as_completed(futures), start=1):
            for topic in future.result().topics:
                outcome[topic.name].add(futures[future], topic)
            if on_seed:
                on_seed(done, len(seeds))
    return outcome
