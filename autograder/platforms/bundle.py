"""The student bundle: what a student needs to run the public checks offline, in one zip.

Layout of the archive::

    README.md                          how to install the checker and run it
    pyproject.toml, autograder/        the harness (``pip install .`` installs ``autograder``;
                                       ``'.[stats]'`` when a public test imports scipy)
    assignments/NN_topic/...           the stubs, generated from solutions/ (as `release`)
    tests/NN_topic/test_*_public.py    the public tests only
    .autograder-cache/examples/...     their recorded examples, so that `check` replays them

It never holds ``solutions/``, hidden tests or the bug zoo: :func:`student_bundle` picks
files by name from those folders and then refuses any file whose bytes equal a reference
module that has solution blocks. Inside the unzipped bundle, ``autograder check TOPIC``
finds the course (``tests/`` and ``assignments/``) from the working directory.
"""

from __future__ import annotations

import ast
from pathlib import Path

from autograder.checks.marks import GRADING_EXAMPLES
from autograder.course import Course, Topic
from autograder.grading import replay
from autograder.grading.runner import ensure_recorded
from autograder.course.release import BEGIN, Release
from autograder.platforms.packaging import PackagingError, harness_files, write_zip

PUBLIC_TESTS = "test_*_public.py"

README = """# Assignments: {topics}

Your code goes in `assignments/`: one folder per topic, each with a task README. Replace
each `raise NotImplementedError` with your code; keep the function names and signatures.

Check your work with the public tests (Python 3.11 or later; install once):

```bash
python3 -m venv .venv && .venv/bin/pip install {requirement}
.venv/bin/autograder check {first}          # run inside this folder
```

Every failing test prints the property it checks, what went wrong and the smallest input
that shows it. These are the public tests only: hidden tests run when your work is graded,
so passing every public test does not guarantee full marks.
"""


_BUILT_ON_SCIPY = ("scipy", "autograder.checks.distributions")


def _imports_scipy(source: bytes) -> bool:
    """Whether a test module imports scipy, itself or through the checks toolkit's
    ``distributions`` (then the bundle installs the ``stats`` extra)."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(name == module or name.startswith(module + ".")
               for name in names for module in _BUILT_ON_SCIPY):
            return True
    return False


def _reference_modules(course: Course) -> set[bytes]:
    """The contents of every reference module that holds a solution block."""
    modules = {path.read_bytes() for path in course.solutions.rglob("*.py")}
    return {content for content in modules
            if any(BEGIN.match(line) for line in content.decode("utf-8", "replace").splitlines())}


def student_bundle(course: Course, topics: list[Topic]) -> dict[str, bytes]:
    """Every file of the bundle of ``topics``: path in the archive -> bytes."""
    names = {topic.name for topic in topics}
    stubs = Release.of(course).files
    files = {f"assignments/{relpath}": content for relpath, content in stubs.items()
             if relpath.split("/", 1)[0] in names}
    for topic in topics:
        for path in sorted((course.tests / topic.name).glob(PUBLIC_TESTS)):
            files[f"tests/{topic.name}/{path.name}"] = path.read_bytes()
            examples = replay.cache_path(course.root, path, GRADING_EXAMPLES)
            if examples.is_file():  # used where the student's versions give the same examples
                files[examples.relative_to(course.root).as_posix()] = examples.read_bytes()
    files.update(harness_files())
    stats = any(_imports_scipy(content) for name, content in files.items()
                if name.startswith("tests/"))
    files["README.md"] = README.format(topics=", ".join(sorted(names)), first=min(names),
                                       requirement="'.[stats]'" if stats else ".").encode()
    reference = _reference_modules(course)
    leaked = sorted(name for name, content in files.items() if content in reference)
    if leaked:
        raise PackagingError("the bundle would contain reference code: " + ", ".join(leaked))
    return files


def build(course: Course, topics: list[Topic], out: Path) -> dict[str, bytes]:
    """Write the student bundle of ``topics`` to ``out`` (recording their examples first,
    where they are not yet); returns what it holds."""
    ensure_recorded(course, topics, GRADING_EXAMPLES)
    files = student_bundle(course, topics)
    write_zip(out, files)
    return files
