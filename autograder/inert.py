"""Text that came from a submission, made inert for every output it can reach.

A submission controls much of what the grader prints and exports: exception messages, the
output quoted after a crash, file and folder names, notebook lines. Any of it may try to be
read as something other than text by what shows it:

* a terminal: ESC sequences that move the cursor or redraw a line (a fake ``PASSED``), a
  bare carriage return that overwrites one;
* GitHub Actions, which reads every line of a step's stdout and stderr as a possible
  workflow command: a line that starts with ``::`` after leading whitespace
  (``::add-mask::``, ``::notice::Points 100/100``), or ``##[`` anywhere in a line (the legacy
  form), where a bare carriage return also ends a line;
* Rich markup (``[bold]``, ``[/]``): escaped where Rich prints, by printing ``Text`` objects;
* a spreadsheet opening ``grades.csv``: a cell starting with ``= + - @`` (or a tab or
  carriage return) is a formula (see :func:`csv_cell`).

:func:`text` and :func:`name` are the one place that makes such text inert; the results
model applies :func:`text` to every feedback it holds, so every export inherits it.
:class:`Stream` guards the grader's own stdout and stderr as a last line, for text a
renderer rearranged (Rich wraps long lines, and a wrapped line may start with ``::``).

This module imports nothing of the package: every layer may use it.
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 and C1 controls but tab and newline, DEL, the bidirectional overrides and isolates that
# reorder what a reader sees, Unicode line and paragraph separators, and lone surrogates (a
# file name that was not UTF-8, decoded by Python with surrogateescape)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e"
                     "\u2066-\u2069\ud800-\udfff]")
_UNSAFE_IN_NAME = re.compile(f"[\t\n{_UNSAFE.pattern[1:-1]}]")
COMMAND_PREFIX = "::"
LEGACY_COMMAND = "##["
QUOTED = "| "  # put before a line that would start with a workflow command
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if char == "\t":
        return "\\t"
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _line(line: str) -> str:
    """One line (no line break in it) that no workflow command parser takes for one."""
    line = line.replace(LEGACY_COMMAND, "# #[")
    return QUOTED + line if line.lstrip().startswith(COMMAND_PREFIX) else line


def text(value: str) -> str:
    """``value`` with every control character shown as an escape (``\\x1b``, ``\\r``,
    ``\\u202e``; tabs and newlines are kept) and no line that GitHub Actions would read as a
    workflow command: a line starting with ``::`` gets :data:`QUOTED` before it, and
    ``##[`` becomes ``# #[``. Idempotent: ``text(text(s)) == text(s)``."""
    value = _UNSAFE.sub(_visible, str(value))
    return "\n".join(_line(line) for line in value.split("\n"))


def name(value: str) -> str:
    """``value`` (a file name, a student id, an archive entry) on one line, for messages and
    logs: like :func:`text`, with newlines and tabs shown as ``\\n`` and ``\\t`` too."""
    return _line(_UNSAFE_IN_NAME.sub(_visible, str(value)))


def csv_cell(value: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that starts with ``= + - @``, a tab or a
    carriage return gets a single quote before it, as OWASP's CSV injection guidance
    recommends (the csv module quotes the cell where needed)."""
    value = str(value)
    return "'" + value if value.startswith(CSV_FORMULA_STARTS) else value


class Stream:
    """A text stream that passes everything to ``stream`` but workflow commands: a line
    that would start with ``::`` gets :data:`QUOTED` before it and ``##[`` becomes ``# #[``
    (lines end at ``\\n`` or ``\\r``, as the Actions runner reads them). Text that may still
    become a command (the start of a line that is blank or ``:``, a trailing ``#``) is held
    until the next write tells. Other attributes are the wrapped stream's."""

    def __init__(self, stream: TextIO):
        self.stream = stream
        self._held = ""
        self._line_start = True  # the held text begins a line

    def write(self, data: str) -> int:
        if not isinstance(data, str):
            raise TypeError(f"write() argument must be str, not {type(data).__name__}")
        self._held += data
        self.stream.write(self._release())
        return len(data)

    def _release(self) -> str:
        out = []
        lines = re.split(r"(\r\n|\r|\n)", self._held)
        for body, end in zip(lines[0::2], lines[1::2]):
            out.append((_line(body) if self._line_start else
                        body.replace(LEGACY_COMMAND, "# #[")) + end)
            self._line_start = True
        rest = lines[-1]
        if self._line_start and rest.lstrip() in ("", ":"):
            self._held = rest  # may still become "::"
            return "".join(out)
        kept = len(rest) - len(rest.rstrip("#"))
        ready, self._held = rest[:len(rest) - kept], rest[len(rest) - kept:]
        out.append(_line(ready) if self._line_start else ready.replace(LEGACY_COMMAND, "# #["))
        self._line_start = False
        return "".join(out)

    def flush(self) -> None:
        self.stream.flush()

    def command(self, line: str) -> None:
        """Write ``line``, a workflow command the grader itself means (made of the grader's
        own figures, never of a submission's text), on a line of its own, as it is."""
        start = self._held + ("\n" if self._held or not self._line_start else "")
        self.stream.write(f"{start}{line}\n")
        self._held, self._line_start = "", True

    def close_line(self) -> None:
        """Write what is held (at exit: nothing more can follow it)."""
        self.stream.write(self._held)
        self._held = ""
        self.stream.flush()

    def __getattr__(self, attribute: str):
        return getattr(self.stream, attribute)
