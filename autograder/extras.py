"""Optional dependencies: imported where first needed, with the install extra that brings them.

The base install (``pip install propgrade``) is what a student's ``check`` needs. Reading
``.ipynb`` notebooks needs the ``notebooks`` extra; the class report's plots need
``instructor`` (which includes ``notebooks``). The extras are defined in ``pyproject.toml``.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from autograder import DISTRIBUTION


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
