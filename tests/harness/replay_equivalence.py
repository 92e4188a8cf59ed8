"""Replayed grading against full Hypothesis on the whole bug zoo (too long for the test run).

    python tests/harness/replay_equivalence.py [--examples 50] [--topic 03_losses ...]

For every topic: the reference, the stubs and every bug of the zoo are graded twice, with
replayed examples and with replay off (Hypothesis only, as before replay existed), and the
two results are compared without their durations and timestamps. Prints one line per
submission with both CPU times of the grader process and, for a difference, both results
of the tests that differ; exits 1 if any differ. A replay that diverged from Hypothesis
(a warning) counts as a difference.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import warnings
from pathlib import Path

from autograder.course import Course, Topic
from autograder.course.verify import bugs_of, patched_reference
from autograder.grading.runner import GradingOptions, grade
from autograder.results import without_timings

ROOT = Path(__file__).resolve().parents[2]


def timed(course: Course, submission: Path, topic: Topic, options: GradingOptions):
    started = time.process_time()
    result = without_timings(grade(course, submission, [topic], options))
    return result, time.process_time() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--topic", action="append", default=[])
    args = parser.parse_args()
    course = Course(ROOT)
    topics = [course.topic(name) for name in args.topic] or course.topics()
    differences = compared = 0
    warnings.simplefilter("error")
    for topic in topics:
        with tempfile.TemporaryDirectory(prefix="autograder-zoo-") as folder:
            submissions = [("solutions", course.solutions), ("assignments", course.assignments)]
            submissions += [(bug.name, patched_reference(course, Path(folder) / bug.name,
                                                         topic, bug.source))
                            for bug in bugs_of(course, topic)]
            for name, submission in submissions:
                replayed, replay_cpu = timed(course, submission, topic,
                                             GradingOptions(examples=args.examples))
                full, full_cpu = timed(course, submission, topic,
                                       GradingOptions(examples=args.examples, replay=False))
                compared += 1
                same = replayed == full
                differences += not same
                print(f"{topic.name} {name}: {'same' if same else 'DIFFERENT'} "
                      f"(replay {replay_cpu:.2f} s, Hypothesis {full_cpu:.2f} s of CPU)",
                      flush=True)
                for ours, theirs in zip(replayed["topics"][0]["tests"],
                                        full["topics"][0]["tests"]):
                    if ours != theirs:
                        print(f"  replayed:   {ours}\n  Hypothesis: {theirs}")
    print(f"{compared} submissions compared, {differences} differ")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
