"""Benchmark: what the sandbox boundary costs per call, with each isolation layer on and off.

    python tests/benchmarks/sandbox_overhead.py [--calls 3000] [--rounds 5] [--cpu 0]

Prints, for each configuration, the median time of a small call (a (3, 4) float64 array in
and out) and of a 1.5 MB call (a (1000, 190) array in and out), the same medians for a plain
in-process call, and the median start time of a worker. All figures come from this one run,
and the settings take turns in several rounds, so rows are comparable on a noisy machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from autograder.sandbox import layers
from autograder.sandbox.client import Sandbox

MODULE = "def echo(x):\n    return x\n"


def timed(fn, arg, repeats: int) -> list[float]:
    """Seconds taken by each of ``repeats`` calls of ``fn(arg)``."""
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        samples.append(time.perf_counter() - start)
    return samples


def start_ms(folder: Path, isolation: layers.Isolation, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        with Sandbox(folder, isolation=isolation) as sandbox:
            sandbox._start()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=3000, help="small calls per setting")
    parser.add_argument("--rounds", type=int, default=5,
                        help="the settings take turns this many times, so that a slow "
                             "moment of the machine does not fall on one setting")
    parser.add_argument("--cpu", type=int, default=None,
                        help="pin the grader and its workers to this CPU (steadier figures)")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})  # workers inherit it
    small, big = np.random.default_rng(0).standard_normal((3, 4)), np.ones((1000, 190))
    configurations = {
        "all layers available": frozenset(),
        "without seccomp": frozenset({"seccomp"}),
        "without bubblewrap": frozenset({"bubblewrap"}),
        "rlimits only": frozenset({"seccomp", "bubblewrap", "uid"}),
    }
    echo = lambda x: x  # noqa: E731  (the in-process baseline)
    per_round = max(args.calls // args.rounds, 1)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as stack:
        Path(folder, "bench.py").write_text(MODULE)
        Path(folder).chmod(0o755)
        Path(folder, "bench.py").chmod(0o644)
        functions = {"in-process call": (echo, "-")}
        for name, disabled in configurations.items():
            isolation = layers.detect(disabled=disabled)
            sandbox = stack.enter_context(Sandbox(Path(folder), isolation=isolation))
            module = sandbox.module("bench", "bench.py")
            module.echo(small)
            on = [layer for layer, state in sandbox.layers.items() if state == "on"]
            functions[name] = (module.echo, ", ".join(on))
        samples = {name: ([], []) for name in functions}
        for _ in range(args.rounds):
            for name, (fn, _) in functions.items():
                samples[name][0].extend(timed(fn, small, per_round))
                samples[name][1].extend(timed(fn, big, max(per_round // 10, 1)))
        starts = {name: start_ms(Path(folder), layers.detect(disabled=disabled), 10)
                  for name, disabled in configurations.items()}
    table = Table(title=f"sandbox overhead (medians of {per_round * args.rounds} small and "
                        f"{max(per_round // 10, 1) * args.rounds} 1.5 MB calls per row, "
                        f"in {args.rounds} interleaved rounds)")
    for column in ("setting", "layers on", "small call µs", "1.5 MB call µs", "start ms"):
        table.add_column(column, justify="left" if column in ("setting", "layers on") else "right")
    for name, (_, on) in functions.items():
        small_us, big_us = (statistics.median(s) * 1e6 for s in samples[name])
        start = f"{starts[name]:.0f}" if name in starts else "-"
        digits = 2 if name == "in-process call" else 0
        table.add_row(name, on, f"{small_us:.{digits}f}", f"{big_us:.{digits}f}", start)
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
