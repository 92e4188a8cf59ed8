"""Benchmark: grading the whole course against the in-process limit, per topic and in total.

    python tests/benchmarks/course_speed.py [--examples 50] [--topic 03_losses ...]
                                            [--full] [--jobs 2]

For each topic, from one run (the settings take turns topic by topic, so a busy moment of the
machine falls on all of them alike):

- **grading**: CPU seconds (grader and worker) of ``grade(solutions/, [topic])`` in a fresh
  process, with replayed examples (:mod:`autograder.grading.replay`; they are recorded
  first if the course has none for this suite, and that recording is not counted);
- **full Hypothesis** (``--full``): the same grading with replay off, as before replay existed;
- **in-process limit**: CPU seconds of the same test bodies run on the same recorded examples,
  in one process, with the reference module itself as ``student``: no Hypothesis, no pytest
  (collected once, outside the timing), no sandbox. What grading cannot go below.

and the ratios grading / limit (and full / limit). With ``--jobs N``, the whole course is also
graded once as ``autograder grade --jobs N`` and its wall time and CPU are printed. The
gradings run without bubblewrap (``AUTOGRADER_DISABLE_LAYERS=bubblewrap``): a worker inside
it is killed before bubblewrap can wait for it, so its CPU time would reach no parent and
go uncounted; bubblewrap costs start-up time only, not time per call. Figures are printed,
never asserted; the load average is printed with them.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pickle
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console
from rich.table import Table

from autograder.course import Course, Topic
from autograder.grading import replay
from autograder.grading.runner import ensure_recorded

ROOT = Path(__file__).resolve().parents[2]


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cpu(command: list[str]) -> tuple[float, float, str]:
    """CPU seconds of ``command`` and of every process it waited for (the sandbox worker
    included), its wall seconds, and its last line of output."""
    before, started = children_cpu(), time.monotonic()
    run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "AUTOGRADER_DISABLE_LAYERS": "bubblewrap"})
    wall, cpu = time.monotonic() - started, children_cpu() - before
    if run.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({run.returncode}):\n{run.stderr[-3000:]}")
    return cpu, wall, (run.stdout.strip().splitlines() or [""])[-1]


GRADE = """
import sys
from pathlib import Path
from autograder.course import Course, Topic
from autograder.grading.runner import GradingOptions, grade
course = Course(Path(sys.argv[1]))
result = grade(course, course.solutions, [Topic(sys.argv[2])],
               GradingOptions(examples=int(sys.argv[3]), replay=sys.argv[4] == "on"))
print(result.score, result.max_score)
"""


class InProcessLimit:
    """pytest plugin: each graded property test's body runs over its recorded examples
    with ``student`` = the reference module; only those loops are timed."""

    def __init__(self, examples: int):
        self.examples = examples
        self.seconds = 0.0
        self.bodies = 0
        self.references: dict[Topic, object] = {}

    def reference(self, topic: Topic) -> object:
        if topic not in self.references:
            path = ROOT / "solutions" / topic.relpath
            spec = importlib.util.spec_from_file_location(f"_limit_{topic.module}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            self.references[topic] = module
        return self.references[topic]

    @pytest.hookimpl(tryfirst=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function) -> bool:
        obj = pyfuncitem.obj
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        if "student" in args:
            args["student"] = self.reference(Topic.of_path(pyfuncitem.path))
        if getattr(obj, "hypothesis", None) is None:
            started = time.process_time()
            obj(**args)
            self.seconds += time.process_time() - started
            return True
        path = replay.cache_path(ROOT, Path(pyfuncitem.path), self.examples)
        with open(path, "rb") as stream:
            recording = pickle.load(stream)[pyfuncitem.name]
        inner = obj.hypothesis.inner_test
        started = time.process_time()
        for example in recording.examples:
            arguments = pickle.loads(example.arguments)
            draws = iter(example.draws)
            for name in obj.hypothesis._given_kwargs:
                if name not in arguments:
                    arguments[name] = _Draws(draws)
            try:
                inner(**args, **arguments)
            except Exception:  # noqa: BLE001  (a rejected example: assume/reject)
                pass
            self.bodies += 1
        self.seconds += time.process_time() - started
        return True


class _Draws:
    """Stands for ``st.data()``: returns the recorded draws in order."""

    def __init__(self, draws):
        self.draws = draws

    def draw(self, strategy, label=None):
        return pickle.loads(next(self.draws))


LIMIT = """
import sys
sys.path.insert(0, sys.argv[3])
import pytest
from course_speed import InProcessLimit
plugin = InProcessLimit(int(sys.argv[2]))
code = pytest.main(["tests/" + sys.argv[1], "-p", "no:terminal", "-p", "no:cacheprovider",
                    "--import-mode=importlib", "--examples", sys.argv[2]], plugins=[plugin])
if code not in (0, 1):
    sys.exit(f"pytest exited with {code}")
print(plugin.seconds, plugin.bodies)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=50)
    parser.add_argument("--topic", action="append", default=[])
    parser.add_argument("--full", action="store_true",
                        help="also grade with replay off (full Hypothesis), as before")
    parser.add_argument("--jobs", type=int, default=0,
                        help="also grade the whole course once with `grade --jobs N`")
    args = parser.parse_args()
    course = Course(ROOT)
    topics = [Topic(name) for name in args.topic] or course.topics()
    console = Console()
    console.print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    started = time.monotonic()
    ensure_recorded(course, topics, args.examples)
    console.print(f"recordings ready ({time.monotonic() - started:.0f} s, not counted)")
    python, here = sys.executable, str(Path(__file__).parent)
    table = Table(title=f"whole course, {args.examples} examples per test: CPU seconds")
    columns = ["topic", "grading", *(["full Hypothesis"] if args.full else []),
               "in-process limit", "grading / limit", *(["full / limit"] if args.full else [])]
    for column in columns:
        table.add_column(column, justify="left" if column == "topic" else "right")
    totals = {"grading": 0.0, "full": 0.0, "limit": 0.0}
    for topic in topics:
        grading, _, score = run_cpu([python, "-c", GRADE, str(ROOT), topic.name,
                                     str(args.examples), "on"])
        full = run_cpu([python, "-c", GRADE, str(ROOT), topic.name, str(args.examples),
                        "off"])[0] if args.full else 0.0
        limit = float(run_cpu([python, "-c", LIMIT, topic.name, str(args.examples),
                               here])[2].split()[0])
        for key, value in (("grading", grading), ("full", full), ("limit", limit)):
            totals[key] += value
        table.add_row(topic.name, f"{grading:.1f}", *([f"{full:.1f}"] if args.full else []),
                      f"{limit:.2f}", f"{grading / limit:.1f}x",
                      *([f"{full / limit:.1f}x"] if args.full else []))
        console.print(f"{topic.name}: {score} ({grading:.1f} s)")
    table.add_row("total", f"{totals['grading']:.1f}",
                  *([f"{totals['full']:.1f}"] if args.full else []), f"{totals['limit']:.2f}",
                  f"{totals['grading'] / totals['limit']:.1f}x",
                  *([f"{totals['full'] / totals['limit']:.1f}x"] if args.full else []))
    console.print(table)
    if args.jobs:
        cpu, wall, _ = run_cpu([python, "-m", "autograder", "grade", "solutions",
                                "--examples", str(args.examples), "--jobs", str(args.jobs),
                                "--format", "json", *(f"--topic={t.name}" for t in topics)])
        console.print(f"autograder grade solutions --jobs {args.jobs}: {wall:.1f} s wall, "
                      f"{cpu:.1f} s CPU")
    console.print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
