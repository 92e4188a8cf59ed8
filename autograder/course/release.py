"""Generate ``assignments/`` from ``solutions/``, the single source.

In a solution module, every block between ``### BEGIN SOLUTION`` and ``### END SOLUTION``
(marker lines included) becomes ``raise NotImplementedError``, indented like the BEGIN
marker; signatures, docstrings and everything outside the markers are kept. Other files of a
topic folder (its task README, data) are copied as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from autograder.course import TOPIC_NAME, Course

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
STUB = "raise NotImplementedError"


class MarkerError(ValueError):
    """Unbalanced or nested solution markers."""


def strip_solutions(source: str, filename: str = "<source>") -> str:
    """Replace each solution block of ``source`` by ``raise NotImplementedError``."""
    lines, inside = [], False
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise MarkerError(f"{filename}:{number}: BEGIN SOLUTION inside a solution block")
            inside = True
            lines.append(f"{begin.group(1)}{STUB}\n")
        elif END.match(line):
            if not inside:
                raise MarkerError(f"{filename}:{number}: END SOLUTION without BEGIN SOLUTION")
            inside = False
        elif not inside:
            lines.append(line)
    if inside:
        raise MarkerError(f"{filename}: BEGIN SOLUTION is never closed")
    stub = "".join(lines)
    compile(stub, filename, "exec")  # a release must never ship a stub that does not parse
    return stub


@dataclass(frozen=True)
class Release:
    """What ``assignments/`` should contain: relative path -> bytes."""

    files: dict[str, bytes]

    @classmethod
    def of(cls, course: Course) -> Release:
        files = {}
        for topic_dir in sorted(course.solutions.iterdir()):
            if not (topic_dir.is_dir() and TOPIC_NAME.match(topic_dir.name)):
                continue
            for path in sorted(topic_dir.rglob("*")):
                if not path.is_file() or "__pycache__" in path.parts:
                    continue
                relpath = path.relative_to(course.solutions).as_posix()
                if path.suffix == ".py":
                    text = strip_solutions(path.read_text(encoding="utf-8"), relpath)
                    files[relpath] = text.encode("utf-8")
                else:
                    files[relpath] = path.read_bytes()
        return cls(files)

    def stale(self, target: Path) -> list[str]:
        """Paths under ``target`` that differ from this release, are missing, or are extra."""
        present = {
            path.relative_to(target).as_posix() for path in target.rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        } if target.is_dir() else set()
        problems = [
            f"{relpath}: {'out of date' if relpath in present else 'missing'}"
            for relpath, content in self.files.items()
            if relpath not in present or (target / relpath).read_bytes() != content
        ]
        problems += [f"{relpath}: not generated from solutions/"
                     for relpath in sorted(present - self.files.keys())]
        return problems

    def write(self, target: Path) -> list[str]:
        """Write the release into ``target``, removing files it does not contain."""
        changed = self.stale(target)
        for relpath, content in self.files.items():
            path = target / relpath
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_bytes() != content:
                path.write_bytes(content)
        for path in sorted(target.rglob("*"), reverse=True):
            relpath = path.relative_to(target).as_posix()
            if path.is_file() and "__pycache__" not in path.parts and relpath not in self.files:
                path.unlink()
        return changed
