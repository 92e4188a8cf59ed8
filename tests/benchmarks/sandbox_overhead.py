"""Benchmark: what the sandbox boundary costs per call, with each isolation layer on and off.

    python tests/benchmarks/sandbox_overhead.py [--calls 3000]

Prints, for each configuration, the median time of a small call (a (3, 4) float64 array in
and out) and of a 1.5 MB call (a (1000, 190) array in and out), the same medians for a plain
in-process call, and the median start time of a worker. All figures come from this one run,
so ratios between rows are comparable even on a noisy machine.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from autograder import layers
from autograder.sandbox import Sandbox

MODULE = "def echo(x):\n    return x\n"


def median_us(fn, arg, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(arg)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1e6


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
    args = parser.parse_args()
    small, big = np.random.default_rng(0).standard_normal((2, 3, 4))[0], np.ones((1000, 190))
    configurations = {
        "all layers available": frozenset(),
        "without seccomp": frozenset({"seccomp"}),
        "without bubblewrap": frozenset({"bubblewrap"}),
        "rlimits only": frozenset({"seccomp", "bubblewrap", "uid"}),
    }
    table = Table(title=f"sandbox overhead (medians; {args.calls} small and "
                        f"{args.calls // 10} large calls per row)")
    for column in ("setting", "layers on", "small call µs", "1.5 MB call µs", "start ms"):
        table.add_column(column, justify="left" if column in ("setting", "layers on") else "right")
    echo = lambda x: x  # noqa: E731  (the in-process baseline)
    table.add_row("in-process call", "-", f"{median_us(echo, small, args.calls):.2f}",
                  f"{median_us(echo, big, args.calls // 10):.2f}", "-")
    with tempfile.TemporaryDirectory() as folder:
        Path(folder, "bench.py").write_text(MODULE)
        Path(folder).chmod(0o755)
        Path(folder, "bench.py").chmod(0o644)
        for name, disabled in configurations.items():
            isolation = layers.detect(disabled=disabled)
            with Sandbox(Path(folder), isolation=isolation) as sandbox:
                module = sandbox.module("bench", "bench.py")
                module.echo(small)
                on = [layer for layer, state in sandbox.layers.items()
                      if state == "on" or layer == "uid" and isolation.uid is not None]
                small_us = median_us(module.echo, small, args.calls)
                big_us = median_us(module.echo, big, args.calls // 10)
            table.add_row(name, ", ".join(on), f"{small_us:.0f}", f"{big_us:.0f}",
                          f"{start_ms(Path(folder), isolation, 10):.0f}")
    Console(width=120).print(table)


if __name__ == "__main__":
    main()
