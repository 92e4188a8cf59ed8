"""The command line, one module per command group, each a thin layer over the library:
:mod:`.app` (the group, shared options, output), :mod:`.grading`, :mod:`.classbook`,
:mod:`.course`, :mod:`.platforms`, :mod:`.similarity`. It never grades: logic lives in the library.
"""

from autograder.cli import (  # noqa: F401  (registers the commands)
    classbook,
    course,
    grading,
    platforms,
    similarity,
)
from autograder.cli.app import main

__all__ = ["main"]
