"""Where a course's pieces live: topics, reference solutions, stubs and graded tests.

A course folder holds ``solutions/NN_topic/topic.py`` (the single source), the generated
``assignments/NN_topic/topic.py`` stubs and the graded tests in ``tests/NN_topic/``. A topic
``NN_topic`` is graded through its module ``topic`` at ``NN_topic/topic.py`` in a submission.
An optional ``course.toml`` holds the course's settings (``[grading] contract_weight``,
``[feedback] hints``).

The folder rule (:data:`TOPIC_NAME`): two digits, ``_``, then a lowercase letter followed by
lowercase letters, digits and ``_`` (``03_losses``, ``11_autoencoders_vae``); the part after
``NN_`` is the module's name, so it must be a Python identifier a student can import. Other
folders of ``tests/`` (``harness``, ``benchmarks``) are not topics; one that starts with a
digit but breaks the rule (``15_Toy``, ``7_cnn``, ``15-toy``) is reported by
:meth:`Course.misnamed`, never silently skipped.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

TOPIC_NAME = re.compile(r"^(\d\d)_([a-z][a-z0-9_]*)$")
HINT_SETTINGS = ("after_due_date", "always", "never")  # as autograder.exports.common's


class CourseError(Exception):
    """The course folder or a name given on the command line is not usable."""


@dataclass(frozen=True, order=True)
class Topic:
    """A topic such as ``02_activations``, graded through ``02_activations/activations.py``."""

    name: str

    @property
    def module(self) -> str:
        return TOPIC_NAME.match(self.name).group(2)

    @property
    def relpath(self) -> str:
        return f"{self.name}/{self.module}.py"

    @classmethod
    def of_path(cls, path: Path) -> Topic | None:
        """The topic of a test file: its nearest ancestor folder named ``NN_topic``."""
        for part in reversed(Path(path).parts[:-1]):
            if TOPIC_NAME.match(part):
                return cls(part)
        return None


@dataclass(frozen=True)
class Course:
    root: Path

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def assignments(self) -> Path:
        return self.root / "assignments"

    @property
    def tests(self) -> Path:
        return self.root / "tests"

    @property
    def contract_weight(self) -> float:
        """``[grading] contract_weight`` of the optional ``course.toml`` (default 1): what the
        points of a contract test are multiplied by (0 grades contracts for no points)."""
        path = self.root / "course.toml"
        weight = self._setting("grading", "contract_weight", 1.0)
        if isinstance(weight, bool) or not isinstance(weight, (int, float)) or weight < 0:
            raise CourseError(f"{path}: contract_weight must be a number >= 0, not {weight!r}")
        return float(weight)

    @property
    def hints(self) -> str:
        """``[feedback] hints`` of the optional ``course.toml``: when students read the hints
        (the likely mistake of a failure): ``after_due_date`` (the default: a hint tells what
        to fix, which an instructor grants once the work is in), ``always`` or ``never``."""
        setting = self._setting("feedback", "hints", "after_due_date")
        if setting not in HINT_SETTINGS:
            raise CourseError(f"{self.root / 'course.toml'}: hints must be one of "
                              f"{', '.join(HINT_SETTINGS)}, not {setting!r}")
        return setting

    def _setting(self, table: str, key: str, default: object) -> object:
        """``[table] key`` of the optional ``course.toml``, or ``default``."""
        path = self.root / "course.toml"
        if not path.is_file():
            return default
        try:
            return tomllib.loads(path.read_text(encoding="utf-8")).get(table, {}).get(
                key, default)
        except tomllib.TOMLDecodeError as exc:
            raise CourseError(f"{path}: {exc}") from None

    @staticmethod
    def holds_course(folder: Path) -> bool:
        """Whether ``folder`` is a course: graded tests and the reference, or (a student
        bundle, which runs the public tests only) graded tests and the stubs."""
        return (folder / "tests").is_dir() and (
            (folder / "solutions").is_dir() or (folder / "assignments").is_dir())

    @classmethod
    def find(cls, start: Path | None = None) -> Course:
        """The course containing ``start`` (default: the working directory), else the one this
        package was installed from."""
        here = Path(start or Path.cwd()).resolve()
        for folder in (here, *here.parents, Path(__file__).resolve().parents[2]):
            if cls.holds_course(folder):
                return cls(folder)
        raise CourseError(
            f"no course found: neither {here} nor its parents hold tests/ and solutions/ "
            "(or, in a student bundle, tests/ and assignments/)"
        )

    def misnamed(self) -> list[str]:
        """A warning for each folder of ``tests/`` or ``solutions/`` that looks meant as a
        topic (its name starts with a digit) but breaks the folder rule, so is not graded."""
        return [f"{folder.relative_to(self.root)}/ is not graded: a topic folder is named "
                f"NN_name (two digits, '_', a lowercase letter, then lowercase letters, digits "
                f"or '_'), e.g. {_suggested(folder.name)}"
                for parent in (self.tests, self.solutions) if parent.is_dir()
                for folder in sorted(parent.iterdir())
                if folder.is_dir() and folder.name[:1].isdigit()
                and not TOPIC_NAME.match(folder.name)]

    def topics(self) -> list[Topic]:
        """Every topic with graded tests, in order."""
        return sorted(
            Topic(path.name) for path in self.tests.iterdir()
            if path.is_dir() and TOPIC_NAME.match(path.name)
        )

    def topic(self, name: str) -> Topic:
        """Look a topic up by its full name (``02_activations``), number or short name."""
        for topic in self.topics():
            if name in (topic.name, topic.name[:2], topic.module):
                return topic
        known = ", ".join(t.name for t in self.topics())
        misnamed = [warning for warning in self.misnamed() if f"/{name}/" in warning]
        raise CourseError(f"unknown topic {name!r}; known topics: {known}"
                          + "".join(f"\n{warning}" for warning in misnamed))


def _suggested(name: str) -> str:
    """A name that follows the folder rule, close to ``name``."""
    number, _, rest = re.sub(r"[^0-9a-z_]", "_", name.lower()).partition("_")
    rest = rest.strip("_") or "topic"
    return f"{number[-2:].zfill(2)}_{rest if rest[0].isalpha() else 't' + rest}"
