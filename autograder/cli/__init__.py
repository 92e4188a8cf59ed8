"""The command line, one module per command group, each a thin layer over the library:
:mod:`.app` (the group, shared options, output), :mod:`.grading`, :mod:`.classbook`,
:mod:`.course`, :mod:`.platforms`. It never grades: logic lives in the library.
"""

from autograder.cli import classbook, course, grading, platforms  # noqa: F401  (registers)
from autograder.cli.app import main

__all__ = ["main"]
