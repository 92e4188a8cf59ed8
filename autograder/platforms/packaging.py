"""Files shared by the packaged forms of a course: the harness's own source and zip writing.

A package (Gradescope's ``autograder.zip``, the student bundle) is a mapping from a POSIX
path inside the archive to the file's bytes, plus the paths to mark executable. Archives are
written deterministically (sorted entries, a fixed timestamp), so building twice from the
same course gives the same bytes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import autograder
from autograder.course import Course, Topic

SKIPPED = {"__pycache__", ".git", ".venv", ".pytest_cache", ".hypothesis"}
_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip can hold


class PackagingError(ValueError):
    """The course or the installed autograder cannot be packaged; the message says why."""


def _files_under(folder: Path, prefix: str, skip: set[str] = SKIPPED) -> dict[str, bytes]:
    """Every regular file under ``folder`` as ``prefix/relative/path`` -> bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if skip & set(relative.parts) or path.suffix == ".pyc" or not path.is_file():
            continue
        found[f"{prefix}/{relative.as_posix()}"] = path.read_bytes()
    return found


def harness_files() -> dict[str, bytes]:
    """The source of the running autograder: ``pyproject.toml`` and ``autograder/``, enough
    for ``pip install .`` (with a ``README.md`` the package adds, as ``pyproject`` names it).

    The running package is packaged (not the course's copy) so that the scripts generated
    by this version call options this version has."""
    package = Path(autograder.__file__).resolve().parent
    pyproject = package.parent / "pyproject.toml"
    if not pyproject.is_file():
        raise PackagingError(
            f"the autograder at {package} is not a source checkout (no {pyproject}); "
            "package the course with an autograder installed from its source (pip install -e .)")
    return {"pyproject.toml": pyproject.read_bytes(), **_files_under(package, "autograder")}


def topic_files(course: Course, kind: str, topic: Topic, skip: set[str] = SKIPPED
                ) -> dict[str, bytes]:
    """Every file of ``topic`` in the course's ``kind`` folder (``solutions`` or ``tests``),
    under ``kind/NN_topic/``, skipping folders named in ``skip``."""
    folder = course.root / kind / topic.name
    if not folder.is_dir():
        raise PackagingError(f"{folder} is missing")
    return _files_under(folder, f"{kind}/{topic.name}", skip)


def write_zip(path: Path, files: dict[str, bytes], executable: frozenset[str] = frozenset()
              ) -> None:
    """Write ``files`` into the zip archive ``path`` (replaced if present); the paths in
    ``executable`` get mode 755, the others 644."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if name in executable else 0o100644) << 16
            archive.writestr(info, files[name])
