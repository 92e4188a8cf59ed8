"""Optional dependencies: imported where first needed, with the install extra that brings them.

The base install (``pip install propgrade``) is what a student's ``check`` needs. Reading
``.ipynb`` notebooks needs the ``notebooks`` extra, the graded tests that import scipy the
``stats`` extra, the class report's plots ``instructor`` (which includes both). The extras
are defined in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

from autograder import DISTRIBUTION


# the optional dependencies a graded test or an export may import -> the extra that has them
EXTRA_OF = {"scipy": "stats", "nbformat": "notebooks", "matplotlib": "instructor"}


class MissingExtra(ImportError):
    """An optional dependency is not installed; the message names the extra to install."""


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import ``module``, or raise :class:`MissingExtra` saying that ``purpose`` needs
    ``pip install 'propgrade[extra]'``. A module that is installed but fails to import
    raises its own error."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name is None or module.split(".")[0] != exc.name.split(".")[0]:
            raise
        raise MissingExtra(
            f"{purpose} needs {exc.name}, which the base install leaves out; install it with "
            f"pip install '{DISTRIBUTION}[{extra}]'") from exc


def install_hint(error: str) -> str | None:
    """For an error text saying ``No module named 'X'`` of an optional dependency (a graded
    test module that imports scipy, say): how to install it; else None."""
    for module in re.findall(r"No module named '([\w.]+)'", error):
        extra = EXTRA_OF.get(module.split(".")[0])
        if extra:
            return (f"{module.split('.')[0]} is not installed; install it with "
                    f"pip install '{DISTRIBUTION}[{extra}]'")
    return None
