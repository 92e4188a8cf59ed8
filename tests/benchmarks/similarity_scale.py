"""Time and memory of `autograder similarity` on a class of 200 (all pairs, two topics).

The class is synthesised: each student's 02_activations and 03_losses start from one of the
course's own implementations (examples/demo_class, the reference, the similarity tests'
ivan/judy/ken), get zero to three of the topic's bug-zoo functions (tests/NN_topic/bugs)
in place of their own, and are then disguised (every local variable renamed, the functions
shuffled, comments dropped), so no two files are equal. With about ten starting points per
topic most pairs share a lot of code: a harder case for the comparison than a real class.

Behaviour needs a gradebook, and grading 200 submissions would take the machine an hour, so
the results are synthesised too: for each student, every graded test of a function that
was replaced by a bug fails, with a digest standing for that bug's outputs (students with the
same bug share it, as grading makes them); everything else passes. The graded tests are
collected from the course.

Printed, never asserted: seconds (wall and CPU) of reading and fingerprinting, comparing all
pairs, the behavioural pass and writing similarity.html/json, the sizes of those files, and
the process's peak resident memory (ru_maxrss) before and after.

    python tests/benchmarks/similarity_scale.py [--students 200] [--seed 0]
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import random
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TOPICS = ("02_activations", "03_losses")


def bases(topic: str) -> list[str]:
    module = topic.split("_", 1)[1] + ".py"
    found = [ROOT / "solutions" / topic / module]
    found += sorted((ROOT / "examples" / "demo_class").glob(f"*/{topic}/{module}"))
    found += sorted((ROOT / "tests/harness/similarity_class").glob(f"*/{topic}/{module}"))
    sources = [path.read_text() for path in found]
    return [source for source in sources if _parses(source)]  # carol's losses.py does not


def _parses(source: str) -> bool:
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def bugs(topic: str) -> list[tuple[str, list[ast.FunctionDef]]]:
    """(bug name, its function definitions) for the topic's bug zoo."""
    zoo = []
    for path in sorted((ROOT / "tests" / topic / "bugs").glob("*.py")):
        tree = ast.parse(path.read_text())
        zoo.append((path.stem, [n for n in tree.body if isinstance(n, ast.FunctionDef)]))
    return zoo


def synthesise(source: str, chosen: list[tuple[str, list[ast.FunctionDef]]],
               rng: random.Random) -> str:
    """A disguised variant of ``source`` with the bugs ``chosen`` in place of its own
    functions."""
    tree = ast.parse(source)
    replaced = {}
    for _, functions in chosen:
        replaced.update({function.name: function for function in functions})
    body = [replaced.pop(n.name, n) if isinstance(n, ast.FunctionDef) else n for n in tree.body]
    tree.body = body + list(replaced.values())
    style = rng.choice(["v{}", "tmp{}", "x_{}", "val{}", "t{}"])
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            params = {arg.arg for arg in node.args.args + node.args.kwonlyargs}
            local = sorted({n.id for n in ast.walk(node) if isinstance(n, ast.Name)
                            and isinstance(n.ctx, ast.Store)} - params)
            names = {name: style.format(i) for i, name in enumerate(local)}
            for name in ast.walk(node):
                if isinstance(name, ast.Name) and name.id in names:
                    name.id = names[name.id]
    functions = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    rng.shuffle(functions)
    tree.body = [n for n in tree.body if not isinstance(n, ast.FunctionDef)] + functions
    return ast.unparse(tree) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from autograder.classbook import similarity
    from autograder.course import Course
    from autograder.grading.runner import collect
    from autograder.results import GradingResult, TestResult, TopicResult

    course = Course(ROOT)
    topics = [course.topic(name) for name in TOPICS]
    inventory = collect(course, topics)
    rng = random.Random(args.seed)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with tempfile.TemporaryDirectory(prefix="similarity-bench-") as tmp:
        class_dir = Path(tmp) / "class"
        results = []
        for number in range(args.students):
            student = f"s{number:03d}"
            topic_results = []
            for topic in topics:
                zoo = bugs(topic.name)
                chosen = rng.sample(zoo, rng.randint(0, 3))
                code = synthesise(rng.choice(bases(topic.name)), chosen, rng)
                path = class_dir / student / topic.relpath
                path.parent.mkdir(parents=True)
                path.write_text(code)
                by_function = {f.name: name for name, fs in chosen for f in fs}
                tests = []
                for test in inventory[topic]:
                    bug = by_function.get(test.function)
                    digest = (hashlib.blake2b(f"{bug}/{test.name}".encode(), digest_size=8)
                              .hexdigest() if bug else None)
                    tests.append(TestResult(test.name, test.function, test.points,
                                            test.visibility, "failed" if bug else "passed",
                                            "", 0.0, digest))
                topic_results.append(TopicResult(topic.name, tests))
            results.append(GradingResult(student, topic_results, {}))
        pairs = args.students * (args.students - 1) // 2
        print(f"{args.students} students, {len(topics)} topics, {pairs} pairs per topic; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

        def timed(label, function, *arguments):
            wall, cpu = time.perf_counter(), time.process_time()
            value = function(*arguments)
            print(f"  {label:<44} {time.perf_counter() - wall:7.1f} s wall "
                  f"{time.process_time() - cpu:7.1f} s CPU")
            return value

        students, sources, _ = timed("read the submissions (intake)", similarity.read_sources,
                                     class_dir, topics)
        prints = {}
        for topic in topics:
            stub = (course.assignments / topic.relpath).read_text()
            prints[topic.name], common = timed(
                f"fingerprint {topic.name}", similarity.topic_fingerprints,
                sources[topic.name], stub)
            print(f"    {common} common passages removed")
        for topic in topics:
            shares = timed(f"compare all pairs of {topic.name}", similarity.code_shares,
                           prints[topic.name])
            print(f"    {len(shares)} pairs with a match")
        shared = timed("behaviour: shared rare wrong outputs", similarity.shared_outputs,
                       results)
        print(f"    {len(shared)} pairs share a rare wrong output")
        report = timed("analyse, end to end (all of the above)", similarity.analyse,
                       class_dir, topics, results, course.assignments)
        out = Path(tmp) / "out"
        written = timed("write similarity.json and similarity.html", similarity.write_report,
                        report, out)
        for path in written:
            print(f"    {path.name}: {path.stat().st_size / 2**20:.1f} MiB")
        marked = sum(pair.combined >= similarity.THRESHOLD for pair in report.pairs)
        print(f"  {len(report.pairs)} pairs with any evidence, {marked} marked")
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak resident memory: {rss_before:.0f} MiB after imports and collection, "
          f"{rss_after:.0f} MiB at the end")


if __name__ == "__main__":
    main()
