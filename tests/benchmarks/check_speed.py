"""Benchmark: a student's loop, `autograder check TOPIC` cold and each save under `--watch`.

    python tests/benchmarks/check_speed.py [--topic 03_losses] [--runs 3] [--saves 5]

- **cold**: the whole command in a fresh process (start-up, collection, a worker, the public
  tests on the reference), ``--runs`` times: wall seconds and CPU seconds of the command and
  every process it waited for (its sandbox worker included);
- **per save**: ``runner.watch`` on a copy of the reference, the file saved ``--saves`` times:
  the wall seconds from the save to the result (``duration_s`` of the round), and the CPU
  seconds from one result to the next, grader and workers (a worker's CPU is counted when
  it is replaced, one round later: in a steady state that is one worker per round, its start
  while the student types included).

The recorded examples are made first if missing (not counted). Figures are printed, never
asserted; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from autograder.checks.marks import GRADING_EXAMPLES
from autograder.course import Course
from autograder.grading.runner import GradingOptions, ensure_recorded, watch

ROOT = Path(__file__).resolve().parents[2]


def cpu() -> float:
    """CPU seconds of this process and of every process it waited for."""
    own, children = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                         resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", default="03_losses")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saves", type=int, default=6)
    args = parser.parse_args()
    course = Course(ROOT)
    topic = course.topic(args.topic)
    print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    ensure_recorded(course, [topic], GRADING_EXAMPLES)
    command = [str(Path(sys.executable).parent / "autograder"), "check", topic.name,
               "--path", "solutions"]
    walls, cpus = [], []
    for _ in range(args.runs):
        before, started = cpu(), time.monotonic()
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True)
        walls.append(time.monotonic() - started)
        cpus.append(cpu() - before)
    print(f"check {topic.name}, cold: median {statistics.median(walls):.2f} s wall, "
          f"{statistics.median(cpus):.2f} s CPU ({args.runs} runs)")

    with tempfile.TemporaryDirectory() as folder:
        submission = Path(folder)
        shutil.copytree(course.solutions / topic.name, submission / topic.name)
        module = submission / topic.relpath
        rounds: list[tuple[float, float]] = []
        marks = [cpu()]

        def on_result(result) -> None:
            marks.append(cpu())
            rounds.append((result.metadata["duration_s"], marks[-1] - marks[-2]))

        def save() -> bool:
            if len(rounds) > args.saves:
                return False
            time.sleep(0.5)  # the student types; the fresh worker starts meanwhile
            module.write_text(module.read_text())
            return True

        watch(course, submission, [topic], GradingOptions(visible_only=True), on_result, save)
    saves = rounds[2:]  # the second round still pays for the first worker's start
    print(f"check {topic.name} --watch, first round {rounds[0][0]:.2f} s wall; per save: "
          f"median {statistics.median(r[0] for r in saves):.2f} s wall, "
          f"{statistics.median(r[1] for r in saves):.2f} s CPU ({len(saves)} saves)")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
