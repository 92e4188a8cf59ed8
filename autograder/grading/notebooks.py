"""The Python code of a Jupyter notebook submission, for grading.

Which cells: the nbgrader solution cells (cell metadata ``nbgrader.solution`` true) when the
notebook has any, else every code cell; in notebook order, joined by blank lines.

IPython syntax is not Python: a line that starts a statement (not inside a string, a
bracket or a continued line) and is a line magic (``%matplotlib inline``), a shell line
(``!pip install ...``, ``files = !ls``) or a help line (``np.sum?``) becomes ``pass``
(indentation and line numbers are kept), and a cell magic (``%%bash``, ...) drops its whole
cell, except ``%%time`` and ``%%capture`` whose body is Python and is kept. Each drop is
reported as a warning naming the cell (one inert line: it quotes the student's line). No
Python statement has that form, so a cell that is valid Python is kept byte for byte.

Nothing here runs or even compiles the notebook's code: statements are told apart with the
tokenizer, and only cells that hold such a line are tokenized. Compiling is left to the
sandboxed worker, under its time and memory limits (a cell crafted to compile slowly once
cost the grader minutes and gigabytes).
"""

from __future__ import annotations

import json
import re
import tokenize
import warnings
from dataclasses import dataclass

from autograder.extras import require

nbformat = require("nbformat", "notebooks", "reading .ipynb notebooks")

from autograder import inert

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
        dropped += [inert.name(f"{name}: cell {number}: {note}") for note in notes]
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
    lines = source.splitlines()
    if not any(_IPYTHON_LINE.match(line) for line in lines):
        return source, []
    first = next((line for line in lines if line.strip()), "")
    magic = _CELL_MAGIC.match(first)
    if magic and magic.group(1) not in PYTHON_CELL_MAGICS:
        return "", [f"dropped the whole cell: cell magic %%{magic.group(1)} "
                    "(IPython syntax, not Python)"]
    feed = _StatementLines(lines)
    try:
        for token in tokenize.generate_tokens(feed.readline):
            feed.see(token)
    except (tokenize.TokenError, SyntaxError):  # an unclosed bracket or string, a bad dedent
        feed.rest_by_text()
    return "\n".join(feed.kept) + "\n", feed.notes


class _StatementLines:
    """Hands a cell's lines to the tokenizer one at a time, and replaces a line that starts a
    statement (the tokenizer finished every earlier line and is in no bracket, string or
    continued line) and has an IPython form before the tokenizer sees it: so an IPython line
    never confuses the tokenizer about the lines after it (``!echo [`` opens no bracket)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.kept: list[str] = []
        self.notes: list[str] = []
        self.at_start = True
        self.depth = 0

    def readline(self) -> str:
        if len(self.kept) == len(self.lines):
            return ""
        line = self.lines[len(self.kept)]
        self.kept.append(self._converted(line) if self.at_start else line)
        self.at_start = False  # until this line's tokens end a statement
        return self.kept[-1] + "\n"

    def see(self, token: tokenize.TokenInfo) -> None:
        if token.type == tokenize.OP and token.string in "([{":
            self.depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            self.depth = max(self.depth - 1, 0)
        elif token.type == tokenize.NEWLINE or token.type == tokenize.NL and not self.depth:
            self.at_start = True

    def rest_by_text(self) -> None:
        """After a tokenizer error: the lines not read yet are judged by their text alone."""
        self.kept += [self._converted(line) for line in self.lines[len(self.kept):]]

    def _converted(self, line: str) -> str:
        if not _IPYTHON_LINE.match(line):
            return line
        self.notes.append(f"dropped `{line.strip()}` (IPython syntax, not Python)")
        indent = line[:len(line) - len(line.lstrip())]
        return f"{indent}pass  # dropped by the autograder: {line.strip()}"
