"""Take a submission in safely: a folder or a .zip, staged into a private read-only copy.

Rules, checked before anything is written: no symbolic links (a link to the reference
solution would otherwise be read through), no special files, no absolute or ``..`` paths in
archives, no file and folder of the same name, at most :data:`MAX_FILES` files of at most
:data:`MAX_FILE_BYTES` each and :data:`MAX_TOTAL_BYTES` in all (sizes counted while
decompressing, not trusted from the archive). ``__pycache__``, ``.git`` and macOS's
``__MACOSX`` folders and ``.DS_Store`` files are skipped. A zip holding one folder that holds
the submission is unwrapped.

Every way a submission can fail to be read (a member whose data is corrupt, a bad CRC, an
encrypted or unsupported member, a name the file system refuses) is an :class:`IntakeError`
naming the file, whose message is one inert line (:func:`autograder.inert.name`): it quotes
names the submission chose. A staging that fails leaves its target folder empty.

Given the topics being graded, the flat layout of Gradescope uploads and nbgrader
submissions is accepted too: a single ``<module>.ipynb`` (any name when one topic is graded,
e.g. a class folder's ``alice.ipynb``), or a folder or zip with ``<module>.py`` or
``<module>.ipynb`` files at its top level, each graded as ``<NN_topic>/<module>.py`` (the
module is the topic's name without its ``NN_`` prefix); so is ``<NN_topic>/<module>.ipynb``.
A notebook becomes the Python code of its cells (:mod:`autograder.grading.notebooks`); what that drops
(IPython magics, shell lines) is kept as the entry's ``warnings``.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator, Sequence

from autograder import inert
from autograder.course import TOPIC_NAME, Topic

MAX_FILES = 1000
MAX_FILE_BYTES = 16 * 2**20
MAX_TOTAL_BYTES = 64 * 2**20
SKIPPED = {"__pycache__", ".git", "__MACOSX"}  # folders
SKIPPED_FILES = {".DS_Store"}
FILE_MODE, FOLDER_MODE = 0o640, 0o750  # the sandbox reads a staging through its group
_CHUNK = 2**16


class IntakeError(ValueError):
    """The submission cannot be taken in; the message says which file and why."""

    def __init__(self, message: str):
        super().__init__(inert.name(message))


@dataclass(frozen=True)
class Entry:
    """A regular file of the submission: where it goes and how to read its bytes."""

    relpath: PurePosixPath
    open: Callable[[], object]
    warnings: tuple[str, ...] = ()  # what intake changed, e.g. magics dropped from a notebook
    notebook: object = None  # the NotebookCode this module was made from, if any


def entries(source: Path, topics: Sequence[Topic] = ()) -> list[Entry]:
    """Every file of the submission at ``source``, validated; raises :class:`IntakeError`.

    With the ``topics`` being graded, flat files and notebooks are placed and converted (see
    the module's docstring)."""
    try:
        return _entries(Path(source), topics)
    except OSError as exc:  # a file that vanished or cannot be listed while looking
        raise IntakeError(f"{source}: cannot be read ({type(exc).__name__}: {exc})") from None


def _entries(source: Path, topics: Sequence[Topic]) -> list[Entry]:
    if source.is_symlink():
        raise IntakeError(f"{source}: the submission itself is a symbolic link")
    if source.is_dir():
        found = list(_folder_entries(source))
    elif source.is_file() and source.suffix == ".ipynb":
        found = [_notebook_file_entry(source, topics)]
    elif source.is_file() and zipfile.is_zipfile(source):
        found = _zip_entries(source)
    elif source.exists():
        raise IntakeError(f"{source}: a submission is a folder or a .zip archive (or a "
                          ".ipynb notebook)")
    else:
        raise IntakeError(f"{source}: no such file or folder")
    if len(found) > MAX_FILES:
        raise IntakeError(f"{source}: more than {MAX_FILES} files")
    return _arrange(source, found, topics)


def lacks_topics(name: str, folders: set[str], topics: Sequence[Topic]) -> str | None:
    """Why a submission named ``name`` whose top-level folders are ``folders`` is not a
    submission for ``topics`` (it has none of their folders), or None."""
    if folders & {topic.name for topic in topics}:
        return None
    expected = ", ".join(f"{topic.name}/" for topic in topics)
    return inert.name(f"{name} does not look like a submission: it has none of {expected}")


def check_submission(path: Path, topics: Sequence[Topic]) -> tuple[str | None, list[str]]:
    """Whether ``path`` can be graded on ``topics``: ``(why not, or None; intake warnings
    such as IPython magics dropped from a notebook)``. Every byte is read as staging would
    read it (a corrupt archive member is found here), but nothing is written."""
    try:
        found = entries(path, topics)
        _copy(found, None)
    except IntakeError as exc:
        return str(exc), []
    folders = {entry.relpath.parts[0] for entry in found if len(entry.relpath.parts) > 1}
    problem = lacks_topics(str(path), folders, topics)
    return problem, [] if problem else [w for entry in found for w in entry.warnings]


def stage(source: Path, target: Path, topics: Sequence[Topic] = ()) -> list[str]:
    """Copy the submission at ``source`` into the empty folder ``target``: folders
    :data:`FOLDER_MODE`, files :data:`FILE_MODE`, nothing for other users (a sandbox that
    runs as another user is given the staging's group by
    :meth:`autograder.sandbox.layers.Confinement.admit`). ``topics``: as for :func:`entries`.
    Returns what taking it in changed (IPython lines dropped from its notebooks). On any
    failure ``target`` is left empty and :class:`IntakeError` says why."""
    found = entries(source, topics)
    try:
        _copy(found, target)
    except BaseException:
        for child in target.iterdir():
            shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        raise
    for folder, _, _ in os.walk(target):
        os.chmod(folder, FOLDER_MODE)  # also the staging folder itself
    return [warning for entry in found for warning in entry.warnings]


def _copy(found: list[Entry], target: Path | None) -> None:
    """Read every entry, checking sizes as it goes, and write it under ``target`` (None:
    read only)."""
    total = 0
    for entry in found:
        path = None if target is None else target.joinpath(*entry.relpath.parts)
        try:
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
            with entry.open() as reader, (open(path, "xb") if path else _Discard()) as writer:
                size = 0
                while chunk := reader.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    if size > MAX_FILE_BYTES:
                        raise IntakeError(f"{entry.relpath}: larger than {MAX_FILE_BYTES} bytes")
                    if total > MAX_TOTAL_BYTES:
                        raise IntakeError(f"the submission is larger than {MAX_TOTAL_BYTES} "
                                          "bytes")
                    writer.write(chunk)
        except IntakeError:
            raise
        except Exception as exc:  # BadZipFile (bad CRC), zlib.error, EOFError, OSError...
            raise IntakeError(f"{entry.relpath}: cannot be read ({type(exc).__name__}: "
                              f"{exc})") from None
        if path is not None:
            path.chmod(FILE_MODE)


class _Discard:
    """A writer that keeps nothing (for :func:`check_submission`)."""

    def __enter__(self) -> _Discard:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def write(self, chunk: bytes) -> None:
        pass


def _folder_entries(root: Path) -> Iterator[Entry]:
    for folder, dirs, files in os.walk(root):  # os.walk does not follow links by default
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted(dirs) + sorted(f for f in files if f not in SKIPPED_FILES):
            path = Path(folder, name)
            relpath = PurePosixPath(path.relative_to(root).as_posix())
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                raise IntakeError(f"{relpath}: symbolic links are not accepted in a submission "
                                  f"(it points to {os.readlink(path)})")
            if stat.S_ISDIR(mode):
                continue
            if not stat.S_ISREG(mode):
                raise IntakeError(f"{relpath}: not a regular file")
            if path.lstat().st_size > MAX_FILE_BYTES:
                raise IntakeError(f"{relpath}: larger than {MAX_FILE_BYTES} bytes")
            yield Entry(relpath, lambda path=path: open(path, "rb", opener=_no_follow))


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | os.O_NOFOLLOW)


def _zip_entries(archive: Path) -> list[Entry]:
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
    except Exception as exc:  # BadZipFile, OSError, and others for a mangled directory
        raise IntakeError(f"{archive}: not a readable zip archive ({exc})") from None
    if len(infos) > MAX_FILES:
        raise IntakeError(f"{archive}: more than {MAX_FILES} entries")
    found = []
    for info in infos:
        name = PurePosixPath(info.filename)
        if info.filename.startswith(("/", "\\")) or ".." in name.parts or ":" in info.filename \
                or "\\" in info.filename:
            raise IntakeError(f"{archive}: entry {info.filename!r} points outside the submission")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise IntakeError(f"{archive}: entry {info.filename!r} is a symbolic link")
        if info.is_dir() or SKIPPED & set(name.parts[:-1]) or name.name in SKIPPED_FILES:
            continue
        if info.file_size > MAX_FILE_BYTES:
            raise IntakeError(f"{archive}: entry {info.filename!r} is larger than "
                              f"{MAX_FILE_BYTES} bytes")
        found.append(Entry(name, lambda info=info: _ZipMember(archive, info)))
    return _unwrap(found)


def _unwrap(found: list[Entry]) -> list[Entry]:
    """Drop a single top folder that wraps everything (``submission/02_activations/...``)."""
    tops = {entry.relpath.parts[0] for entry in found}
    if len(tops) == 1 and not TOPIC_NAME.match(next(iter(tops))) \
            and all(len(entry.relpath.parts) > 1 for entry in found):
        return [Entry(PurePosixPath(*e.relpath.parts[1:]), e.open) for e in found]
    return found


class _ZipMember:
    """Context manager reading one archive member (the archive is reopened per member)."""

    def __init__(self, archive: Path, info: zipfile.ZipInfo):
        self.zip = zipfile.ZipFile(archive)
        self.member = self.zip.open(info)

    def __enter__(self):
        return self.member

    def __exit__(self, *exc_info: object) -> None:
        self.member.close()
        self.zip.close()


def _notebook_file_entry(source: Path, topics: Sequence[Topic]) -> Entry:
    """A submission that is one notebook: named after its topic's module, or graded as the
    module of the only topic graded."""
    modules = [topic.module for topic in topics]
    if source.stem not in modules and len(modules) != 1:
        names = ", ".join(f"{module}.ipynb" for module in modules) or "none given"
        raise IntakeError(f"{source}: a notebook is graded as the module it is named after "
                          f"(or grade one topic only); the modules graded are: {names}")
    if source.lstat().st_size > MAX_FILE_BYTES:
        raise IntakeError(f"{source}: larger than {MAX_FILE_BYTES} bytes")
    module = source.stem if source.stem in modules else modules[0]
    return Entry(PurePosixPath(f"{module}.ipynb"),
                 lambda: open(source, "rb", opener=_no_follow))


def _arrange(source: Path, found: list[Entry], topics: Sequence[Topic]) -> list[Entry]:
    """Place flat ``<module>.py`` / ``<module>.ipynb`` files into their topic folders and
    turn notebooks into modules; two files for one module are refused."""
    modules = {topic.module: topic for topic in topics}
    arranged, origins = [], {}
    folders = {parent for entry in found for parent in entry.relpath.parents}
    for entry in found:
        if entry.relpath in folders:
            raise IntakeError(f"{source}: {entry.relpath} is both a file and a folder")
        original = entry.relpath
        topic = _topic_of(original, modules)
        if topic is not None and original.suffix == ".ipynb":
            entry = _converted(source, entry, topic)
        elif topic is not None:
            entry = Entry(PurePosixPath(topic.relpath), entry.open)
        if entry.relpath in origins:
            raise IntakeError(f"{source}: both {origins[entry.relpath]} and {original} would be "
                              f"graded as {entry.relpath}; submit only one of them")
        origins[entry.relpath] = original
        arranged.append(entry)
    return arranged


def _topic_of(relpath: PurePosixPath, modules: dict[str, Topic]) -> Topic | None:
    """The topic a flat module or a notebook is graded in, else None (kept where it is)."""
    topic = modules.get(relpath.stem)
    if topic is None:
        return None
    if len(relpath.parts) == 1 and relpath.suffix in (".py", ".ipynb"):
        return topic
    if relpath.parts == (topic.name, f"{topic.module}.ipynb"):
        return topic
    return None


def _converted(source: Path, entry: Entry, topic: Topic) -> Entry:
    """The notebook ``entry`` as its topic's module, with what the conversion dropped."""
    # imported here: nbformat (through jsonschema) can take seconds to import
    from autograder.grading.notebooks import NotebookError, notebook_code

    name = str(source) if source.suffix == ".ipynb" else f"{source}/{entry.relpath}"
    try:
        with entry.open() as reader:
            data = reader.read(MAX_FILE_BYTES + 1)
    except Exception as exc:  # a corrupt archive member, as in _copy
        raise IntakeError(f"{name}: cannot be read ({type(exc).__name__}: {exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise IntakeError(f"{name}: larger than {MAX_FILE_BYTES} bytes")
    try:
        code = notebook_code(data, name)
    except NotebookError as exc:
        raise IntakeError(str(exc)) from None
    module = code.source.encode("utf-8")
    return Entry(PurePosixPath(topic.relpath), lambda: io.BytesIO(module), code.warnings, code)


def notebook_of(source: Path, topic: Topic) -> object:
    """The :class:`~autograder.grading.notebooks.NotebookCode` that the submission at
    ``source`` gives ``topic``'s module, or None when the module is not a notebook's (or the
    submission cannot be read); for feedback in notebook terms."""
    try:
        found = entries(source, [topic])
    except (IntakeError, OSError):
        return None
    return next((entry.notebook for entry in found
                 if entry.relpath == PurePosixPath(topic.relpath)), None)
