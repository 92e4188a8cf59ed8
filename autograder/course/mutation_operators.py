"""The mutants of a reference module: small wrong versions of its solution blocks.

Generic operators come from Cosmic Ray (a maintained mutation-testing library): arithmetic
and comparison replacements, unary and boolean operators, numbers +-1, loops that never run,
``break``/``continue``. The numpy operators a deep-learning reference needs are added here,
as edits of the source text at an ``ast`` node's span (so that a mutant's diff is one line):

========================  ================================================================
``reduction``             ``sum`` <-> ``mean``, ``max`` <-> ``min``, ``argmax`` <-> ``argmin``,
                          ``maximum`` <-> ``minimum``
``axis``                  ``axis=k`` -> another axis, or ``axis=None``
``keepdims``              ``keepdims=True`` -> ``False``
``drop_term``             ``a + b`` -> ``a`` or ``b``, ``a - b`` -> ``a`` or ``-b``,
                          ``a * b`` -> ``a`` or ``b``, ``a / N`` -> ``a`` (``/N`` removed)
``flip_sign``             ``a - b`` -> ``b - a``, ``x += d`` <-> ``x -= d``
``swap_args``             ``f(a, b)`` -> ``f(b, a)`` (each adjacent pair of arguments)
``off_by_one``            slice bounds +-1, ``range(n)`` -> ``range(n - 1)``
``shape_index``           ``x.shape[-1]`` <-> ``x.shape[1]``, ``x.shape[0]`` -> ``x.shape[-1]``
``transpose``             ``A.T`` -> ``A``; ``a @ b`` -> ``a * b``
``drop_statement``        an augmented assignment, a call, an assignment to an item or an
                          attribute, or ``x = f(x)`` -> ``pass``
========================  ================================================================

A mutant is identified by its function and a hash of the lines it changes, so an id stays the
same while the rest of the module is edited.
"""

from __future__ import annotations

import ast
import difflib
import hashlib
from dataclasses import dataclass
from typing import Iterator

from autograder.course.release import BEGIN, END

# Cosmic Ray's operators that make plausible numeric bugs (the others, e.g. + -> %, give
# mutants that every test kills at once and only inflate the score)
COSMIC_OPERATORS = (
    "ReplaceBinaryOperator_Add_Sub", "ReplaceBinaryOperator_Sub_Add",
    "ReplaceBinaryOperator_Mul_Div", "ReplaceBinaryOperator_Div_Mul",
    "ReplaceBinaryOperator_Mul_Add", "ReplaceBinaryOperator_Pow_Mul",
    "ReplaceBinaryOperator_FloorDiv_Div", "ReplaceBinaryOperator_Mod_FloorDiv",
    "ReplaceComparisonOperator_Lt_LtE", "ReplaceComparisonOperator_LtE_Lt",
    "ReplaceComparisonOperator_Gt_GtE", "ReplaceComparisonOperator_GtE_Gt",
    "ReplaceComparisonOperator_Lt_Gt", "ReplaceComparisonOperator_Gt_Lt",
    "ReplaceComparisonOperator_Eq_NotEq", "ReplaceComparisonOperator_NotEq_Eq",
    "ReplaceUnaryOperator_Delete_USub", "ReplaceUnaryOperator_Delete_Not",
    "ReplaceTrueWithFalse", "ReplaceFalseWithTrue", "ReplaceAndWithOr", "ReplaceOrWithAnd",
    "NumberReplacer", "ZeroIterationForLoop", "ReplaceBreakWithContinue",
)

SWAPS = {"sum": "mean", "mean": "sum", "max": "min", "min": "max", "argmax": "argmin",
         "argmin": "argmax", "maximum": "minimum", "minimum": "maximum", "nansum": "nanmean"}


@dataclass(frozen=True)
class Mutant:
    """One mutated module: ``function`` is the definition the change is in."""

    function: str
    operator: str
    source: str
    diff: str

    @property
    def id(self) -> str:
        changed = [line[1:].strip() for line in self.diff.splitlines()
                   if line[:1] in "+-" and not line.startswith(("+++", "---"))]
        digest = hashlib.sha1("\n".join([self.function, *changed]).encode()).hexdigest()
        return f"{self.function}:{digest[:8]}"


def solution_lines(source: str) -> set[int]:
    """The (1-based) line numbers inside ``### BEGIN/END SOLUTION`` blocks."""
    inside, lines = False, set()
    for number, line in enumerate(source.splitlines(), start=1):
        if BEGIN.match(line):
            inside = True
        elif END.match(line):
            inside = False
        elif inside:
            lines.add(number)
    return lines


def mutants_of(source: str, path: str = "module.py") -> list[Mutant]:
    """Every mutant of ``source``'s solution blocks, without duplicates, in a stable order."""
    lines = solution_lines(source)
    functions = _functions(source)
    found: dict[str, Mutant] = {}
    for operator, mutated in [*_cosmic_mutants(source, lines), *_numpy_mutants(source, lines)]:
        if mutated == source:
            continue
        try:
            compile(mutated, path, "exec")
        except SyntaxError:
            continue
        diff, first = _diff(source, mutated, path)
        mutant = Mutant(functions.get(first, "<module>"), operator, mutated, diff)
        found.setdefault(mutant.id, mutant)
    return list(found.values())


def _functions(source: str) -> dict[int, str]:
    """line -> name of the top-level function that holds it."""
    owner = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for line in range(node.lineno, node.end_lineno + 1):
                owner[line] = node.name
    return owner


def _diff(source: str, mutated: str, path: str) -> tuple[str, int]:
    """A unified diff with one line of context, and the first changed line's number."""
    before, after = source.splitlines(), mutated.splitlines()
    diff = list(difflib.unified_diff(before, after, f"a/{path}", f"b/{path}", n=1,
                                     lineterm=""))
    first = next(i for i, (a, b) in enumerate(zip(before + [""], after + [""]), 1) if a != b)
    return "\n".join(diff), first


def _cosmic_mutants(source: str, lines: set[int]) -> Iterator[tuple[str, str]]:
    from cosmic_ray.ast import ast_nodes, get_ast
    from cosmic_ray.mutating import mutate_code
    from cosmic_ray.operators.provider import OperatorProvider

    provider = OperatorProvider()
    for name in COSMIC_OPERATORS:
        operator = provider[name]()
        positions = [start for node in ast_nodes(get_ast(source))
                     for start, _ in operator.mutation_positions(node)]
        for occurrence, (line, _) in enumerate(positions):
            if line in lines:
                mutated = mutate_code(source, operator, occurrence)
                if mutated is not None:
                    yield name, mutated


class _Text:
    """The module's text, edited at ``ast`` spans (whose columns count UTF-8 bytes)."""

    def __init__(self, source: str):
        self.source = source
        self.starts, offset = [], 0
        self.lines = source.splitlines(keepends=True)
        for line in self.lines:
            self.starts.append(offset)
            offset += len(line)

    def offset(self, line: int, column: int) -> int:
        prefix = self.lines[line - 1].encode("utf-8")[:column].decode("utf-8", "replace")
        return self.starts[line - 1] + len(prefix)

    def span(self, node: ast.AST) -> tuple[int, int]:
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def text(self, node: ast.AST) -> str:
        start, end = self.span(node)
        return self.source[start:end]

    def replace(self, node: ast.AST, text: str) -> str:
        start, end = self.span(node)
        return self.source[:start] + text + self.source[end:]

    def swap(self, a: ast.AST, b: ast.AST) -> str:
        (a0, a1), (b0, b1) = self.span(a), self.span(b)
        s = self.source
        return s[:a0] + s[b0:b1] + s[a1:b0] + s[a0:a1] + s[b1:]


def _numpy_mutants(source: str, lines: set[int]) -> Iterator[tuple[str, str]]:
    text = _Text(source)
    for node in ast.walk(ast.parse(source)):
        if getattr(node, "lineno", None) in lines and node.end_lineno in lines:
            for operator, mutated in _mutate_node(node, text):
                yield f"numpy.{operator}", mutated


def _mutate_node(node: ast.AST, t: _Text) -> Iterator[tuple[str, str]]:
    if isinstance(node, ast.Attribute):
        if node.attr in SWAPS:  # np.sum -> np.mean, x.max -> x.min
            yield "reduction", t.replace(node, f"{t.text(node.value)}.{SWAPS[node.attr]}")
        if node.attr == "T":
            yield "transpose", t.replace(node, t.text(node.value))
    elif isinstance(node, ast.keyword) and node.arg == "axis":
        value = node.value
        if isinstance(value, ast.Constant) and isinstance(value.value, int):
            yield "axis", t.replace(value, "-1" if value.value >= 0 else "0")
        if not (isinstance(value, ast.Constant) and value.value is None):
            yield "axis", t.replace(value, "None")
    elif isinstance(node, ast.keyword) and node.arg == "keepdims":
        yield "keepdims", t.replace(node.value, "False")
    elif isinstance(node, ast.BinOp):
        yield from _mutate_binop(node, t)
    elif isinstance(node, ast.AugAssign) and isinstance(node.op, (ast.Add, ast.Sub)):
        _, a = t.span(node.target)
        b, _ = t.span(node.value)
        old, new = ("+=", "-=") if isinstance(node.op, ast.Add) else ("-=", "+=")
        yield "flip_sign", t.source[:a] + t.source[a:b].replace(old, new, 1) + t.source[b:]
    elif isinstance(node, ast.Call):
        yield from _mutate_call(node, t)
    elif isinstance(node, ast.Slice):
        for bound, delta in ((node.lower, "+ 1"), (node.upper, "- 1")):
            if bound is not None:
                yield "off_by_one", t.replace(bound, f"({t.text(bound)}) {delta}")
    elif (isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute)
          and node.value.attr == "shape"):
        index = node.slice
        if isinstance(index, ast.UnaryOp) and isinstance(index.op, ast.USub):
            yield "shape_index", t.replace(index, t.text(index.operand))
        elif isinstance(index, ast.Constant) and isinstance(index.value, int):
            yield "shape_index", t.replace(index, "-1")
    if isinstance(node, ast.stmt) and _droppable(node):
        yield "drop_statement", t.replace(node, "pass")


def _mutate_binop(node: ast.BinOp, t: _Text) -> Iterator[tuple[str, str]]:
    left, right = t.text(node.left), t.text(node.right)
    if isinstance(node.op, ast.Add):
        yield "drop_term", t.replace(node, left)
        yield "drop_term", t.replace(node, right)
    elif isinstance(node.op, ast.Sub):
        yield "drop_term", t.replace(node, left)
        yield "drop_term", t.replace(node, f"-({right})")
        yield "flip_sign", t.replace(node, f"({right}) - ({left})")
    elif isinstance(node.op, ast.Mult):
        yield "drop_term", t.replace(node, left)
        yield "drop_term", t.replace(node, right)
    elif isinstance(node.op, (ast.Div, ast.FloorDiv)):
        yield "drop_term", t.replace(node, left)
    elif isinstance(node.op, ast.MatMult):
        yield "transpose", t.replace(node, f"({left}) * ({right})")


def _mutate_call(node: ast.Call, t: _Text) -> Iterator[tuple[str, str]]:
    args = node.args
    if any(isinstance(a, ast.Starred) for a in args):
        return
    for a, b in zip(args, args[1:]):
        if t.text(a) != t.text(b):
            yield "swap_args", t.swap(a, b)
    if isinstance(node.func, ast.Name) and node.func.id == "range" and args:
        stop = args[0] if len(args) == 1 else args[1]
        yield "off_by_one", t.replace(stop, f"({t.text(stop)}) - 1")


def _droppable(node: ast.stmt) -> bool:
    """A statement whose removal leaves a runnable function with a different result."""
    if isinstance(node, (ast.AugAssign, ast.Expr)):
        return not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        target = node.targets[0]
        if isinstance(target, (ast.Subscript, ast.Attribute)):
            return True
        if isinstance(target, ast.Name):  # x = f(x): the update is dropped, x stays defined
            return any(isinstance(n, ast.Name) and n.id == target.id
                       for n in ast.walk(node.value))
    return False
