"""Throughput of batch grading with the local process pool and with a Dask LocalCluster of
the same size, and what a 2,000-submission deadline would take on N workers.

The demo class is replicated into ``--replicas`` submissions (as in batch_throughput.py).
In one run, in interleaved rounds (local, Dask, local, Dask, ...), the same plan is graded
into a fresh gradebook by

- ``LocalPool(jobs)``: ``autograder batch --jobs JOBS``;
- ``DaskExecutor`` on a ``LocalCluster`` of ``jobs`` single-threaded worker processes
  (``autograder batch --executor dask --jobs JOBS``), started before the clock starts (its
  start-up, printed apart, is paid once per batch, not per submission).

Each figure is the wall time of ``Batch.run`` (grading and recording every submission);
planning (staging, fingerprints) is the same for both and not timed. Dask's overhead per
submission is (Dask time - local time) / local time, from the medians. Also printed, per
executor: the slot time spent outside ``runner.grade`` per submission, (wall time x jobs -
the grading times the gradebook recorded) / submissions: process start-up, scheduling,
transfers, idle slots. Figures are printed, never asserted; the load average is printed
too (the machine may be shared).

    python tests/benchmarks/dask_overhead.py [--replicas 24] [--examples 10] [--rounds 2]
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import tempfile
import time
from pathlib import Path

from batch_throughput import make_class

from autograder.classbook.batch import Batch, LocalPool, find_submissions, staging_area
from autograder.classbook.cluster import DaskExecutor
from autograder.classbook.gradebook import Gradebook
from autograder.course import Course
from autograder.grading.runner import GradingOptions

ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 2000  # submissions
WHOLE_COURSE_CPU_S = 100.0  # CPU seconds per whole-course submission, measured in issue 14


def timed_run(course: Course, topics, options: GradingOptions, class_dir: Path, book: Path,
              executor) -> tuple[float, float]:
    """(seconds Batch.run took, grading seconds the gradebook recorded, summed)."""
    submissions, _ = find_submissions(class_dir)
    with Gradebook(book, lock=True) as gradebook, staging_area(gradebook) as staging:
        grader = Batch(course, topics, options, gradebook)
        plan = grader.plan(submissions, staging, regrade=False)
        started = time.monotonic()
        results = grader.run(plan, executor)
        elapsed = time.monotonic() - started
    return elapsed, sum(result.metadata.get("duration_s", 0.0) for result in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=24)
    parser.add_argument("--examples", type=int, default=10)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--topic", action="append", default=None,
                        help="topic to grade (repeatable; default 03_losses)")
    args = parser.parse_args()
    course = Course(ROOT)
    topics = [course.topic(name) for name in args.topic or ["03_losses"]]
    options = GradingOptions(examples=args.examples)
    print(f"{args.replicas} submissions (the demo class replicated), topics "
          f"{', '.join(t.name for t in topics)}, {args.examples} examples per test, "
          f"{args.jobs} jobs, {args.rounds} interleaved round(s), {os.cpu_count()} cores")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    times: dict[str, list[float]] = {"local": [], "dask": []}
    outside: dict[str, list[float]] = {"local": [], "dask": []}
    graded_s: list[float] = []
    with tempfile.TemporaryDirectory(prefix="dask-bench-") as tmp, \
            DaskExecutor(None, args.jobs, announce=print) as dask:
        class_dir = make_class(Path(tmp) / "class", args.replicas)
        for folder in class_dir.iterdir():  # distinct uploads: Dask grades a duplicate once
            (folder / "replica.txt").write_text(folder.name)
        started = time.monotonic()
        dask.connect()
        print(f"LocalCluster start-up: {time.monotonic() - started:.1f} s (once per batch)")
        for n in range(args.rounds):
            for name, executor in (("local", LocalPool(args.jobs)), ("dask", dask)):
                seconds, grading = timed_run(course, topics, options, class_dir,
                                             Path(tmp) / f"{name}-{n}.sqlite", executor)
                times[name].append(seconds)
                outside[name].append((seconds * args.jobs - grading) / args.replicas)
                graded_s.append(grading)
                print(f"round {n + 1} {name:5}: {seconds:6.1f} s, "
                      f"{args.replicas / seconds * 60:5.1f} submissions/min, slot time "
                      f"outside grading {outside[name][-1]:.2f} s a submission")
    local, dask_s = statistics.median(times["local"]), statistics.median(times["dask"])
    overhead = (dask_s - local) / local
    print(f"median: local {local:.1f} s, Dask {dask_s:.1f} s; Dask's overhead per submission "
          f"{overhead:+.1%} ({(dask_s - local) / args.replicas * 1000:+.0f} ms); slot time "
          f"outside grading a submission: local {statistics.median(outside['local']):.2f} s,"
          f" Dask {statistics.median(outside['dask']):.2f} s")
    print(f"load average after: {os.getloadavg()[0]:.1f}")

    per_submission = statistics.median(graded_s) / args.replicas
    print(f"\nPaper estimate of a {DEADLINE}-submission deadline (one grading per worker "
          f"process and core, Dask's overhead as measured; a grading's sandbox worker adds "
          f"~20 % CPU, so give each worker ~1.2 cores):")
    for label, seconds in ((f"this run's profile ({per_submission:.1f} s a submission)",
                            per_submission),
                           (f"a whole-course submission (~{WHOLE_COURSE_CPU_S:.0f} s CPU, "
                            "issue 14)", WHOLE_COURSE_CPU_S)):
        hours = {n: math.ceil(DEADLINE / n) * seconds * (1 + max(overhead, 0.0)) / 3600
                 for n in (2, 16, 64, 256)}
        print(f"  {label}: " + ", ".join(
            f"{n} workers {h:.1f} h" if h >= 1 else f"{n} workers {h * 60:.0f} min"
            for n, h in hours.items()))


if __name__ == "__main__":
    main()
