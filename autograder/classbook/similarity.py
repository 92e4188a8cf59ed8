"""Similarity across a class: which pairs of submissions are worth a second look, and why.

Two kinds of evidence, per pair of students, on the topics chosen:

* **Code.** Each topic's file of each submission is fingerprinted with copydetect (the
  winnowing algorithm of MOSS) after Pygments has tokenised it and copydetect has
  normalised it: comments and whitespace dropped, every identifier, function name and string
  replaced by one letter, so renaming variables, reordering functions or reformatting changes
  nothing. Passages of fewer than :data:`NOISE_CHARS` normalised characters are not compared.
  Fingerprints of the released stub (``--base``, default ``assignments/``), as released and
  with its docstrings deleted (as many students leave it), are removed, and so are those of
  passages that more than :func:`common_limit` students of the class wrote (MOSS's ``-m``):
  shared scaffolding and the idioms everybody writes are not evidence (nor, then, is a
  solution passed around more than that many students).
  A pair's code score in a topic is the mean of the two shares (the part of each file's
  remaining code that matches the other's); its code score is the largest over the topics.
* **Behaviour.** Grading is derandomized: every student's functions are called on the same
  inputs. A failed test's result carries a digest of every value the submission returned
  during it (:mod:`autograder.sandbox.returns`). Two students with the same digest on a
  failed test returned the same wrong values, bit for bit. How much that says depends on
  how rare it is: of the ``N`` students whose code ran in that test, ``k`` have exactly
  this digest, so the chance that a classmate who did not work with them produces it is
  estimated as ``(k - 1) / N``; a wrong output more than :data:`COMMON_OUTPUT` students
  share (or more than :data:`COMMON_SHARE` of the class) is a common mistake and no evidence
  at all. One function's tests share a bug, so each function counts once, by its rarest
  shared output; the behaviour score is ``1 - product of those chances``.

The **combined score** is ``1 - (1 - code) * (1 - behaviour)``: either kind of evidence can
raise it, both together raise it further. A pair at or above :data:`THRESHOLD` is marked:
half of the code the two wrote themselves matches, or the wrong outputs they share would
come from an independent classmate less than half of the time (one rare shared wrong output
in a class of three or more students is enough). The threshold orders the instructor's
reading; it decides nothing.

Nothing leaves the machine: copydetect runs in this process; the submissions are read
through :mod:`autograder.grading.intake` (the same rules as grading: no links, size caps,
notebooks converted) and never imported or run.
"""

from __future__ import annotations

import ast
import io
import itertools
import json
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
from copydetect import CodeFingerprint, compare_files
from copydetect.utils import get_token_coverage

from autograder.classbook.batch import find_submissions
from autograder.course import Topic
from autograder.exports import similarity_report
from autograder.grading import intake
from autograder.results import GradingResult

NOISE_CHARS = 35  # normalised characters; copydetect defaults to 25, see the README
THRESHOLD = 0.5
COMMON_PASSAGE = 10  # MOSS's default for -m
COMMON_OUTPUT = 2
COMMON_SHARE = 0.05
MAX_CODE_BYTES = 512 * 1024  # a larger file is not compared (noted in the report)
SHOWN_PAIRS = 30  # pairs the page shows side by side: every marked one, up to this many
FORMAT = "autograder-similarity/1"


def common_limit(floor: int, students: int) -> int:
    """The most students who may share a passage or a wrong output before it counts as
    common: ``floor``, or :data:`COMMON_SHARE` of the class if that is more."""
    return max(floor, math.floor(COMMON_SHARE * students))


@dataclass
class SharedOutput:
    """One failed test where both students of a pair returned the same values."""

    topic: str
    test: str
    function: str
    students: int  # k: how many students of the class returned exactly these values
    graded: int  # N: how many students' code ran in this test

    @property
    def chance(self) -> float:
        return (self.students - 1) / self.graded


@dataclass
class Pair:
    """Two students (``a`` < ``b``) and what they have in common."""

    a: str
    b: str
    code_by_topic: dict[str, tuple[float, float]] = field(default_factory=dict)  # shares
    shared_outputs: list[SharedOutput] = field(default_factory=list)

    @property
    def code(self) -> float:
        return max((sum(shares) / 2 for shares in self.code_by_topic.values()), default=0.0)

    @property
    def behaviour(self) -> float:
        rarest: dict[tuple[str, str], float] = {}
        for shared in self.shared_outputs:
            key = (shared.topic, shared.function)
            rarest[key] = min(rarest.get(key, 1.0), shared.chance)
        return 1.0 - math.prod(rarest.values()) if rarest else 0.0

    @property
    def combined(self) -> float:
        return 1.0 - (1.0 - self.code) * (1.0 - self.behaviour)

    def to_dict(self) -> dict:
        return {
            "a": self.a, "b": self.b, "combined": round(self.combined, 4),
            "code": round(self.code, 4), "behaviour": round(self.behaviour, 4),
            "marked": self.combined >= THRESHOLD,
            "code_by_topic": {topic: {"a": round(shares[0], 4), "b": round(shares[1], 4)}
                              for topic, shares in sorted(self.code_by_topic.items())},
            "shared_outputs": [{"topic": s.topic, "test": s.test, "function": s.function,
                                "students": s.students, "graded": s.graded,
                                "chance": round(s.chance, 4)}
                               for s in self.shared_outputs],
        }


def read_sources(class_dir: Path, topics: list[Topic], exclude: Iterable[Path] = ()
                 ) -> tuple[list[str], dict[str, dict[str, str]], list[str]]:
    """The students of ``class_dir`` (found and taken in as ``autograder batch`` does),
    ``{topic name: {student: code}}`` and a note for each entry or file left out."""
    submissions, notes = find_submissions(class_dir, exclude)
    sources: dict[str, dict[str, str]] = {topic.name: {} for topic in topics}
    for submission in submissions:
        try:
            entries = intake.entries(submission.source, topics)
        except intake.IntakeError as exc:
            notes.append(f"{submission.student}: not compared: {exc}")
            continue
        by_path = {entry.relpath.as_posix(): entry for entry in entries}
        for topic in topics:
            entry = by_path.get(topic.relpath)
            if entry is None:
                continue
            with entry.open() as reader:
                data = reader.read(MAX_CODE_BYTES + 1)
            if len(data) > MAX_CODE_BYTES:
                notes.append(f"{submission.student}: {topic.relpath} is larger than "
                             f"{MAX_CODE_BYTES} bytes: not compared")
                continue
            sources[topic.name][submission.student] = data.decode("utf-8", "replace")
    return [submission.student for submission in submissions], sources, notes


def fingerprint(code: str) -> CodeFingerprint:
    """copydetect's fingerprint of Python ``code``: every k-gram of the normalised code
    (window 1: nothing is left to the order of Python's per-process string hashes, so two
    runs give the same scores)."""
    return CodeFingerprint("code.py", NOISE_CHARS, 1, fp=io.StringIO(code), language="python")


def without_docstrings(code: str) -> str | None:
    """``code`` with the docstrings of its module, classes and functions deleted (a function
    left empty gets ``pass``); None when it does not parse."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                and body and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def _drop(print_: CodeFingerprint, hashes: set) -> None:
    """Remove ``hashes`` from a fingerprint. (copydetect's own ``boilerplate`` argument is not
    used: with repeated k-grams it also drops passages that are not boilerplate.)"""
    gone = print_.hashes & hashes
    print_.hashes -= gone
    for value in gone:
        del print_.hash_idx[value]
    print_.token_coverage = get_token_coverage(print_.hash_idx, print_.k,
                                               len(print_.filtered_code))


def topic_fingerprints(codes: dict[str, str], stub: str | None
                       ) -> tuple[dict[str, CodeFingerprint], int]:
    """The fingerprints of one topic's files without the stub's and the common passages;
    also how many distinct common passages were removed."""
    prints = {student: fingerprint(code) for student, code in codes.items()}
    limit = common_limit(COMMON_PASSAGE, len(prints))
    counts = Counter(value for print_ in prints.values() for value in print_.hashes)
    common = {value for value, count in counts.items() if count > limit}
    removed = set(common)
    for base in (stub, without_docstrings(stub)) if stub is not None else ():
        if base is not None:
            removed |= fingerprint(base).hashes
    for print_ in prints.values():
        _drop(print_, removed)
    return prints, len(common)


def code_shares(prints: dict[str, CodeFingerprint]) -> dict[tuple[str, str], tuple[float, float]]:
    """``{(a, b): (share of a's code found in b's, share of b's found in a's)}`` for the
    pairs with any match."""
    shares = {}
    for a, b in itertools.combinations(sorted(prints), 2):
        if prints[a].hashes.isdisjoint(prints[b].hashes):
            continue
        _, (share_a, share_b), _ = compare_files(prints[a], prints[b])
        shares[a, b] = (min(float(share_a), 1.0), min(float(share_b), 1.0))
    return shares


def matched_regions(print_a: CodeFingerprint, print_b: CodeFingerprint
                    ) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges ``[start, end)`` of each file's original code that match the other."""
    _, _, slices = compare_files(print_a, print_b)
    return tuple(_ranges(np.asarray(s)) for s in slices)


def _ranges(slices: np.ndarray) -> list[tuple[int, int]]:
    if slices.ndim != 2 or slices.size == 0:
        return []
    merged: list[list[int]] = []
    for start, end in sorted(zip(slices[0].tolist(), slices[1].tolist())):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def shared_outputs(results: list[GradingResult]) -> dict[tuple[str, str], list[SharedOutput]]:
    """``{(a, b): [SharedOutput, ...]}``: the failed tests where two students returned the
    same values, for the outputs no more than :data:`COMMON_OUTPUT` students (or
    :data:`COMMON_SHARE` of those graded) share."""
    graded: Counter = Counter()
    functions: dict[tuple[str, str], str] = {}
    holders: dict[tuple[str, str], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        for topic in result.topics:
            for test in topic.tests:
                key = (topic.name, test.name)
                functions[key] = test.function
                if test.status in ("passed", "failed"):
                    graded[key] += 1
                if test.status == "failed" and test.output_digest:
                    holders[key][test.output_digest].append(result.submission)
    found: dict[tuple[str, str], list[SharedOutput]] = defaultdict(list)
    for key, by_digest in holders.items():
        limit = common_limit(COMMON_OUTPUT, graded[key])
        for students in by_digest.values():
            if not 2 <= len(students) <= limit:
                continue
            for a, b in itertools.combinations(sorted(students), 2):
                found[a, b].append(SharedOutput(key[0], key[1], functions[key],
                                                len(students), graded[key]))
    return found


@dataclass
class Report:
    """Every pair with any evidence, the most similar first, and the code of the
    pairs shown side by side (:meth:`to_dict`)."""

    students: list[str]
    topics: list[dict]  # {"name", "students", "base", "common_passages"}
    pairs: list[Pair]
    behaviour_graded: bool  # whether any result carried output digests
    notes: list[str]
    sources: dict[str, dict[str, str]]
    prints: dict[str, dict[str, CodeFingerprint]]

    def shown(self) -> list[Pair]:
        """The pairs the page shows side by side: the marked ones, at most SHOWN_PAIRS,
        and at least the top 10 so that a class with no marked pair still shows its
        nearest ones."""
        marked = [pair for pair in self.pairs if pair.combined >= THRESHOLD]
        return self.pairs[:min(SHOWN_PAIRS, max(len(marked), 10))]

    def to_dict(self, with_code: bool = False) -> dict:
        """The report as plain data (``similarity.json``; with ``with_code`` each shown
        pair also gets ``views``: per topic both files' code and their matched ranges, for
        :mod:`autograder.exports.similarity_report`)."""
        pairs = [pair.to_dict() for pair in self.pairs]
        if with_code:
            for pair, data in zip(self.shown(), pairs):
                data["views"] = self._views(pair)
        return {
            "format": FORMAT, "threshold": THRESHOLD, "noise_chars": NOISE_CHARS,
            "common_passage": COMMON_PASSAGE, "common_output": COMMON_OUTPUT,
            "common_share": COMMON_SHARE, "behaviour_graded": self.behaviour_graded,
            "students": self.students, "topics": self.topics, "notes": self.notes,
            "shown_pairs": len(self.shown()), "pairs": pairs,
        }

    def _views(self, pair: Pair) -> list[dict]:
        views = []
        for topic in sorted(self.sources):
            codes, prints = self.sources[topic], self.prints[topic]
            if pair.a not in codes or pair.b not in codes:
                continue
            marks_a, marks_b = matched_regions(prints[pair.a], prints[pair.b])
            views.append({"topic": topic, "code_a": codes[pair.a], "code_b": codes[pair.b],
                          "marks_a": marks_a, "marks_b": marks_b})
        return views


def analyse(class_dir: Path, topics: list[Topic], results: list[GradingResult],
            base: Path | None, exclude: Iterable[Path] = ()) -> Report:
    """The similarity report of the submissions in ``class_dir`` on ``topics``, with the
    behavioural evidence of ``results`` (the gradebook's latest result of each student;
    students not in ``class_dir`` are left out), and the stubs under ``base`` (laid out
    like ``assignments/``; None: no base code)."""
    students, sources, notes = read_sources(class_dir, topics, exclude)
    names, in_class = {topic.name for topic in topics}, set(students)
    results = [GradingResult(result.submission,
                             [t for t in result.topics if t.name in names], result.metadata)
               for result in results if result.submission in in_class]
    pairs: dict[tuple[str, str], Pair] = {}

    def pair(key: tuple[str, str]) -> Pair:
        return pairs.setdefault(key, Pair(*key))

    prints, topic_rows = {}, []
    for topic in topics:
        stub_path = base / topic.relpath if base is not None else None
        stub = (stub_path.read_text(encoding="utf-8", errors="replace")
                if stub_path is not None and stub_path.is_file() else None)
        if base is not None and stub is None:
            notes.append(f"{topic.name}: no stub at {stub_path}: no base code removed")
        prints[topic.name], common = topic_fingerprints(sources[topic.name], stub)
        topic_rows.append({"name": topic.name, "students": len(sources[topic.name]),
                           "base": stub is not None, "common_passages": common})
        for key, shares in code_shares(prints[topic.name]).items():
            pair(key).code_by_topic[topic.name] = shares
    for key, shared in shared_outputs(results).items():
        pair(key).shared_outputs = shared
    behaviour_graded = any(test.output_digest for result in results
                           for topic in result.topics for test in topic.tests)
    ranked = sorted(pairs.values(), key=lambda p: (-p.combined, -p.behaviour, p.a, p.b))
    return Report(students, topic_rows, [p for p in ranked if p.combined > 0],
                  behaviour_graded, notes, sources, prints)


def write_report(report: Report, out_dir: Path) -> list[Path]:
    """``similarity.json`` (every pair with any evidence, no code) and ``similarity.html``
    (:mod:`autograder.exports.similarity_report`) under ``out_dir``; the paths written."""

    out_dir.mkdir(parents=True, exist_ok=True)
    data_path, page_path = out_dir / "similarity.json", out_dir / "similarity.html"
    data_path.write_text(json.dumps(report.to_dict(), indent=1) + "\n", encoding="utf-8")
    page_path.write_text(similarity_report.to_html(report.to_dict(with_code=True)),
                         encoding="utf-8")
    return [data_path, page_path]
