"""Throughput of `autograder batch` and the cost of re-running it on an unchanged class.

The demo class (examples/demo_class: six students, topics 02_activations and 03_losses) is
copied into a temporary class of ``--replicas`` submissions named s01, s02, ... (cycling
through the six students). Then, in one run:

1. ``autograder batch`` with ``--jobs 1`` into a fresh gradebook;
2. ``autograder batch`` with ``--jobs 2`` into another fresh gradebook;
3. the same ``--jobs 2`` command again on the unchanged class (nothing to grade: every
   result comes from the gradebook).

Each is timed as a whole command (start-up, collection, staging, grading, the CSV export),
and the figures are printed, never asserted. The load average is printed too: on a shared
machine the figures move with whatever else runs.

    python tests/benchmarks/batch_throughput.py [--replicas 50] [--examples 50]
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo_class"
TOPICS = ("--topic", "02_activations", "--topic", "03_losses")


def make_class(folder: Path, replicas: int) -> Path:
    students = sorted(p for p in DEMO.iterdir() if p.is_dir())
    for n in range(replicas):
        shutil.copytree(students[n % len(students)], folder / f"s{n + 1:02d}")
    return folder


def batch(class_dir: Path, out: Path, jobs: int, examples: int) -> tuple[float, str]:
    """Seconds the whole command took, and its last line of output."""
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-m", "autograder", "batch", str(class_dir), "--out", str(out),
         "--jobs", str(jobs), "--examples", str(examples), "--export", "csv", *TOPICS],
        cwd=ROOT, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if run.returncode != 0:
        sys.exit(f"autograder batch failed ({run.returncode}):\n{run.stderr}")
    return elapsed, run.stdout.strip().splitlines()[-1]


def grading_seconds(out: Path) -> float:
    """Sum of the per-submission grading times the gradebook recorded."""
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        return db.execute("SELECT sum(json_extract(metadata, '$.duration_s')) "
                          "FROM current_runs").fetchone()[0] or 0.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=50,
                        help="submissions in the class (default 50)")
    parser.add_argument("--examples", type=int, default=50,
                        help="Hypothesis examples per graded test (default 50, as in grading)")
    args = parser.parse_args()

    print(f"{args.replicas} submissions (the demo class replicated), topics 02_activations "
          f"and 03_losses, {args.examples} examples per test, {os.cpu_count()} cores")
    print(f"load average before: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="batch-bench-") as tmp:
        class_dir = make_class(Path(tmp) / "class", args.replicas)
        figures = {}
        for jobs in (1, 2):
            out = Path(tmp) / f"out-{jobs}"
            seconds, summary = batch(class_dir, out, jobs, args.examples)
            figures[jobs] = seconds
            print(f"--jobs {jobs}: {seconds:.1f} s, {args.replicas / seconds * 60:.1f} "
                  f"submissions/min (grading time summed over submissions "
                  f"{grading_seconds(out):.1f} s) [{summary}]")
        again, summary = batch(class_dir, Path(tmp) / "out-2", 2, args.examples)
        print(f"unchanged class again (--jobs 2): {again:.1f} s vs {figures[2]:.1f} s for the "
              f"first grading: {figures[2] / again:.1f}x faster, {again / figures[2]:.1%} of "
              f"the time [{summary}]")
        print(f"speed-up of --jobs 2 over --jobs 1: {figures[1] / figures[2]:.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
