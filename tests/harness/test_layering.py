"""The package's layers, enforced: each subpackage imports only the stages below it.

An AST walk over ``autograder/`` (imports inside functions included) finds every
``autograder.*`` module each module imports; :data:`ALLOWED` says, per subpackage, which
packages it may use. Adding a forbidden import (say, ``autograder.grading`` from
``autograder/checks/``) fails :func:`test_no_forbidden_import` with the file and line.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import autograder

PACKAGE = Path(autograder.__file__).resolve().parent

# subpackage (or top-level module) -> the autograder packages it may import, itself included
ALLOWED: dict[str, set[str]] = {
    "inert": set(),  # makes a submission's text safe to print: every layer may use it
    "results": {"inert"},
    "extras": set(),  # optional dependencies, imported with a message naming their extra
    "sandbox": {"sandbox", "course.discovery"},  # doctor probes for the course's own files
    "checks": {"checks", "sandbox", "results", "inert"},
    "course.discovery": set(),
    "course.release": {"course"},
    "grading": {"grading", "checks", "sandbox", "course", "results", "extras", "inert"},
    "course": {"course", "grading", "checks", "sandbox", "results", "inert"},  # verify, stress
    "exports": {"exports", "results", "extras", "inert"},
    "classbook": {"classbook", "grading", "checks", "sandbox", "course", "results", "exports",
                  "inert"},
    "platforms": {"platforms", "grading", "checks", "course", "results", "exports", "extras",
                  "inert"},
    # the Python API (autograder.grade, autograder.batch): one submission and a class
    "api": {"api", "grading", "course", "results", "exports", "classbook", "extras", "inert"},
    "cli": {"cli", "api", "grading", "checks", "sandbox", "course", "results", "exports",
            "classbook", "platforms", "extras", "inert"},
    "__main__": {"cli"},
}


def _layer(module: str) -> str:
    """The most specific key of :data:`ALLOWED` that ``module`` (dotted, below autograder)
    belongs to."""
    parts = module.split(".")
    for length in range(len(parts), 0, -1):
        if ".".join(parts[:length]) in ALLOWED:
            return ".".join(parts[:length])
    raise KeyError(f"autograder.{module} is in no layer of ALLOWED: add it there")


def _allows(layer: str, target: str) -> bool:
    return any(target == allowed or target.startswith(allowed + ".")
               for allowed in ALLOWED[layer])


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if parts == ("__init__",):
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path) -> list[tuple[int, str]]:
    """``(line, module below autograder)`` for each import of the package in ``path``."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # `from autograder.x import y` may import the submodule y
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            if name.startswith("autograder."):
                out.append((node.lineno, name.removeprefix("autograder.")))
    return out


def forbidden_imports() -> list[str]:
    modules = _modules()
    problems = []
    for module, path in modules.items():
        layer = _layer(module)
        for line, target in _imports(path):
            if target not in modules and target.rsplit(".", 1)[0] in modules:
                target = target.rsplit(".", 1)[0]  # `from autograder.x import name`
            problem = (f"{path.relative_to(PACKAGE.parent)}:{line}: {layer} must not "
                       f"import autograder.{target}")
            if target in modules and not _allows(layer, target) and problem not in problems:
                problems.append(problem)
    return problems


def test_every_module_has_a_layer():
    for module in _modules():
        _layer(module)


def test_no_forbidden_import():
    assert forbidden_imports() == []


def test_only_the_sandbox_starts_a_worker():
    """The worker's module name appears in the sandbox package only."""
    outside = [str(path.relative_to(PACKAGE)) for module, path in _modules().items()
               if not module.startswith("sandbox")
               and "autograder.sandbox.worker" in path.read_text(encoding="utf-8")]
    assert outside == []


def test_a_forbidden_import_is_caught(tmp_path, monkeypatch):
    """The walk does see an import added where it is forbidden."""
    bad = tmp_path / "autograder" / "checks" / "bad.py"
    bad.parent.mkdir(parents=True)
    bad.write_text("def f():\n    from autograder.grading.runner import grade\n")
    (tmp_path / "autograder" / "grading").mkdir()
    (tmp_path / "autograder" / "grading" / "runner.py").write_text("")
    monkeypatch.setattr(f"{__name__}.PACKAGE", tmp_path / "autograder")
    assert forbidden_imports() == [
        "autograder/checks/bad.py:2: checks must not import autograder.grading.runner"]


@pytest.mark.parametrize("package", sorted({m.split(".")[0] for m in ALLOWED} - {
    "results", "extras", "inert", "api", "__main__"}))
def test_each_subpackage_says_what_it_owns(package):
    doc = ast.get_docstring(ast.parse((PACKAGE / package / "__init__.py").read_text()))
    assert doc and ("never" in doc.lower() or "nothing" in doc.lower()), package
