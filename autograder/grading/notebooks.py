"""The Python code of a Jupyter notebook submission, for grading.

Which cells: the nbgrader solution cells (cell metadata ``nbgrader.solution`` true) when the
notebook has any, else every code cell; in notebook order, joined by blank lines.

IPython syntax is not Python: in a cell that does not compile as it is, line magics
(``%matplotlib inline``), shell lines (``!pip install ...``, ``files = !ls``) and help lines
(``np.sum?``) become ``pass`` (indentation and line numbers are kept) and a cell magic
(``%%bash``, ...) drops its whole cell, except ``%%time`` and ``%%capture`` whose body is
Python and is kept. Each drop is reported as a warning naming the cell. A cell that compiles
is kept byte for byte (a ``%`` at the start of a line inside a string is left alone).

Nothing here runs the notebook's code: cells are parsed (``compile``), never executed.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass

import nbformat

PYTHON_CELL_MAGICS = {"time", "capture"}  # cell magics whose body runs as ordinary code
_IPYTHON_LINE = re.compile(
    r"""^\s*(?:[%!]                      # %magic, !shell
          |[\w.]+\s*=\s*[%!]             # name = !shell, name = %magic
          |\?+[\w.]                      # ?name
          |[\w.]+\s*\?{1,2}\s*$)         # name? name??
    """, re.VERBOSE)
_CELL_MAGIC = re.compile(r"^\s*%%(\w+)")


class NotebookError(ValueError):
    """The file is not a usable Jupyter notebook; the message names it and says why."""


@dataclass(frozen=True)
class NotebookCode:
    """The module source taken from a notebook, what was dropped on the way, and where each
    cell starts in it: ``cells`` holds ``(first line of the module, cell number)``."""

    source: str
    warnings: tuple[str, ...]
    cells: tuple[tuple[int, int], ...] = ()

    def cell_of(self, line: int) -> tuple[int, int] | None:
        """``(cell number, line in that cell)`` of a line of the module, 1-based."""
        starts = [(first, cell) for first, cell in self.cells if first <= line]
        if not starts:
            return None
        first, cell = starts[-1]
        return cell, line - first + 1


def read_notebook(data: bytes, name: str) -> nbformat.NotebookNode:
    """Parse and validate ``data`` as a notebook (nbformat 4, older versions upgraded)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotebookError(f"{name}: not a Jupyter notebook (not UTF-8 text: {exc})") from None
    try:
        content = json.loads(text)
    except (ValueError, RecursionError):
        raise NotebookError(f"{name}: not a Jupyter notebook (the file is not JSON)") from None
    if not isinstance(content, dict) or "nbformat" not in content:
        raise NotebookError(f"{name}: not a Jupyter notebook (JSON without an nbformat version)")
    try:
        with warnings.catch_warnings():  # nbformat warns about fields it normalizes
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(text, as_version=4)
            nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        raise NotebookError(f"{name}: not a valid Jupyter notebook "
                            f"({exc.message})") from None
    except Exception as exc:  # nbformat raises many kinds (NBFormatError, KeyError, ...)
        raise NotebookError(f"{name}: not a valid Jupyter notebook "
                            f"({type(exc).__name__}: {exc})") from None
    language = (notebook.metadata.get("kernelspec", {}).get("language")
                or notebook.metadata.get("language_info", {}).get("name") or "python")
    if language.lower() != "python":
        raise NotebookError(f"{name}: a notebook in {language}; only Python notebooks are graded")
    return notebook


def notebook_code(data: bytes, name: str) -> NotebookCode:
    """The Python module held by the notebook ``data`` (``name`` is used in messages)."""
    notebook = read_notebook(data, name)
    code_cells = [(number, cell) for number, cell in enumerate(notebook.cells, start=1)
                  if cell.cell_type == "code"]
    solutions = [(number, cell) for number, cell in code_cells if is_solution(cell)]
    chunks, dropped, starts, line = [], [], [], 1
    for number, cell in solutions or code_cells:
        source, notes = python_source(cell.source)
        dropped += [f"{name}: cell {number}: {note}" for note in notes]
        if source.strip():
            chunks.append(source.rstrip() + "\n")
            starts.append((line, number))
            line += chunks[-1].count("\n") + 2  # and the two empty lines that join cells
    return NotebookCode("\n\n".join(chunks), tuple(dropped), tuple(starts))


def is_solution(cell: nbformat.NotebookNode) -> bool:
    """Whether ``cell`` is an nbgrader solution cell."""
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution", False))


def python_source(source: str) -> tuple[str, list[str]]:
    """``source`` without its IPython-only lines, and a note for each line dropped."""
    if _compiles(source):
        return source, []
    lines = source.splitlines()
    first = next((line for line in lines if line.strip()), "")
    magic = _CELL_MAGIC.match(first)
    if magic and magic.group(1) not in PYTHON_CELL_MAGICS:
        return "", [f"dropped the whole cell: cell magic %%{magic.group(1)} "
                    "(IPython syntax, not Python)"]
    kept, notes = [], []
    for line in lines:
        if _IPYTHON_LINE.match(line):
            indent = line[:len(line) - len(line.lstrip())]
            kept.append(f"{indent}pass  # dropped by the autograder: {line.strip()}")
            notes.append(f"dropped `{line.strip()}` (IPython syntax, not Python)")
        else:
            kept.append(line)
    return "\n".join(kept) + "\n", notes


def _compiles(source: str) -> bool:
    try:
        with warnings.catch_warnings():  # e.g. SyntaxWarning for "\d": not ours to print
            warnings.simplefilter("ignore")
            compile(source, "<cell>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True
