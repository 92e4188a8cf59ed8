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

import io
import json
import re
import tokenize
import warnings
from dataclasses import dataclass

import nbformat

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
    """The module source taken from a notebook, and what was dropped on the way."""

    source: str
    warnings: tuple[str, ...]


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
    chunks, dropped = [], []
    for number, cell in solutions or code_cells:
        source, notes = python_source(cell.source)
        dropped += [inert.name(f"{name}: cell {number}: {note}") for note in notes]
        if source.strip():
            chunks.append(source.rstrip() + "\n")
    return NotebookCode("\n\n".join(chunks), tuple(dropped))


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
    starts, known = _statement_lines(source)
    kept, notes = [], []
    for number, line in enumerate(lines, start=1):
        if (number in starts or number > known) and _IPYTHON_LINE.match(line):
            indent = line[:len(line) - len(line.lstrip())]
            kept.append(f"{indent}pass  # dropped by the autograder: {line.strip()}")
            notes.append(f"dropped `{line.strip()}` (IPython syntax, not Python)")
        else:
            kept.append(line)
    return "\n".join(kept) + "\n", notes


def _statement_lines(source: str) -> tuple[set[int], int]:
    """The numbers of the lines where a statement starts, and the last line the tokenizer
    got to (where it stops on an error, later lines are judged by their text alone)."""
    starts, known, at_start = set(), 0, True
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            known = token.end[0]
            if token.type in (tokenize.NEWLINE, tokenize.NL) and at_start or \
                    token.type in (tokenize.INDENT, tokenize.DEDENT, tokenize.COMMENT):
                continue
            if token.type == tokenize.NEWLINE:
                at_start = True
            elif at_start:
                starts.add(token.start[0])
                at_start = False
    except (tokenize.TokenError, SyntaxError):  # an unclosed bracket or string, a bad dedent
        pass
    return starts, known
