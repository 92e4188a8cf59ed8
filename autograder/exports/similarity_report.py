"""``similarity.html``: the pairs of students worth a second look, and why.

One self-contained page (inline style, no scripts, nothing fetched) made from the plain data
of :meth:`autograder.classbook.similarity.Report.to_dict` (``with_code=True``): what the
scores mean, a heat map of the students in the top pairs, the ranked pairs, and for each pair
shown the wrong outputs they share and, per topic, their two files side by side with the
matching passages highlighted. Every text on the page is escaped, the code most of all: it is
a student's, and control characters in it are shown as U+FFFD.
"""

from __future__ import annotations

import html
import math
import re

from rich.table import Table
from rich.text import Text

RANKED_ROWS = 100  # rows of the ranking table (similarity.json has every pair)
HEAT_MAP_STUDENTS = 30
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(text: str) -> str:
    """``text`` with control characters (terminal escapes among them) replaced by U+FFFD."""
    return _CONTROL.sub("\ufffd", str(text))


def esc(text: str) -> str:
    """``text`` as HTML text or attribute value, control characters replaced."""
    return html.escape(plain(text), quote=True)


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"


def score(value: float) -> str:
    """A score with two decimals, rounded down: 0.9998 is not shown as a certain 1.00."""
    return f"{math.floor(100 * value + 1e-9) / 100:.2f}"


def highlighted(code: str, marks: list) -> str:
    """``code`` escaped, each ``[start, end)`` range of ``marks`` (sorted, disjoint) in
    ``<mark>``."""
    parts, position = [], 0
    for start, end in marks:
        start, end = max(start, position), min(end, len(code))
        if start >= end:
            continue
        parts += [esc(code[position:start]), "<mark>", esc(code[start:end]), "</mark>"]
        position = end
    parts.append(esc(code[position:]))
    return "".join(parts)


def heat(value: float) -> str:
    """A background from white (0) to deep red (1)."""
    value = min(max(value, 0.0), 1.0)
    return f"hsl(0, 75%, {97 - 52 * value:.0f}%)"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 1em auto; padding: 0 1em; max-width: 90em;
       color: #222; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td { overflow-wrap: anywhere; } th { background: #eef; } td.num { text-align: right; }
tr.marked td { background: #fde8e4; }
.meaning { background: #f6f6f0; border-left: 4px solid #c0392b; padding: 0.5em 1em; }
table.heat td { min-width: 2.2em; height: 1.7em; padding: 0 0.1em; text-align: center;
                font-size: 0.75em; white-space: nowrap; }
table.heat th { font-weight: normal; font-size: 0.8em; white-space: nowrap; }
.side { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.8em; }
.side pre { margin: 0; padding: 0.4em; background: #fafafa; border: 1px solid #ccc;
            max-height: 36em; overflow: auto; font-size: 0.8em; white-space: pre; }
mark { background: #ffd84d; }
section.pair { border-top: 2px solid #889; margin-top: 2em; }
"""


def _meaning(doc: dict) -> str:
    return (
        "<div class='meaning'><p><b>A reason to look, never a verdict.</b> A high score says "
        "two submissions have more in common than independent work usually does; it does not "
        "say who wrote what, nor that anyone copied: students may have worked together as "
        "allowed, used the same outside source, or made the same rare mistake. Read the two "
        "files before deciding anything.</p><ul>"
        f"<li><b>code</b>: the share of the code two students wrote themselves that matches "
        f"in runs of at least {doc['noise_chars']} characters, after comments and whitespace "
        f"are dropped and every name and string is replaced by one letter (copydetect's "
        f"winnowing, as MOSS). The released stub and passages that more than "
        f"{doc['common_passage']} students (or {percent(doc['common_share'])} of the class) "
        f"wrote do not count. The largest over the topics.</li>"
        f"<li><b>behaviour</b>: failed tests in which both returned exactly the same wrong "
        f"values on the same derandomized inputs, weighted by how rare those values are: if "
        f"k of the N students graded returned them, a classmate produces them with chance "
        f"(k-1)/N; values more than {doc['common_output']} students (or "
        f"{percent(doc['common_share'])} of the class) share are a common mistake and count "
        f"for nothing. Each function counts once; behaviour = 1 - the product of its "
        f"chances.</li>"
        f"<li><b>combined</b> = 1 - (1 - code) x (1 - behaviour). Pairs at or above "
        f"{doc['threshold']:g} are highlighted: half of their own code matches, or the wrong "
        f"outputs they share would come from an independent classmate less than half of the "
        f"time. The line orders your reading; the ranking, not the line, is the report.</li>"
        "</ul></div>")


def _heat_map(doc: dict, shown: list[dict]) -> str:
    students: list[str] = []
    for pair in shown:
        for student in (pair["a"], pair["b"]):
            if student not in students and len(students) < HEAT_MAP_STUDENTS:
                students.append(student)
    if len(students) < 2:
        return "<p>No pair of students has anything in common.</p>"
    combined = {}
    for pair in doc["pairs"]:
        if pair["a"] in students and pair["b"] in students:
            combined[pair["a"], pair["b"]] = combined[pair["b"], pair["a"]] = pair["combined"]
    index = {student: number for number, student in enumerate(students, start=1)}
    rows = []
    for student in students:
        cells = []
        for other in students:
            if other == student:
                cells.append("<td style='background:#ddd'></td>")
                continue
            value = combined.get((student, other), 0.0)
            label = str(math.floor(100 * value + 1e-9)) if value >= 0.1 else ""
            cells.append(f"<td style='background:{heat(value)}' title='{esc(student)} and "
                         f"{esc(other)}: {score(value)}'>{label}</td>")
        rows.append(f"<tr><th>{index[student]}. {esc(student)}</th>{''.join(cells)}</tr>")
    heads = "".join(f"<th>{number}</th>" for number in index.values())
    return (f"<p>The students of the top pairs; each cell is a pair's combined score in "
            f"percent, the darker the higher.</p><table class='heat'><tr><th></th>{heads}"
            f"</tr>{''.join(rows)}</table>")


def _ranking(doc: dict, shown_count: int) -> str:
    rows = []
    for rank, pair in enumerate(doc["pairs"][:RANKED_ROWS], start=1):
        names = f"{esc(pair['a'])} and {esc(pair['b'])}"
        if rank <= shown_count:
            names = f"<a href='#pair-{rank}'>{names}</a>"
        functions = sorted({f"{s['topic']}::{s['function']}" for s in pair["shared_outputs"]})
        rows.append(
            f"<tr class='{'marked' if pair['marked'] else ''}'><td class='num'>{rank}</td>"
            f"<td>{names}</td><td class='num'>{score(pair['combined'])}</td>"
            f"<td class='num'>{score(pair['code'])}</td>"
            f"<td class='num'>{score(pair['behaviour'])}</td>"
            f"<td>{esc(', '.join(functions))}</td></tr>")
    more = len(doc["pairs"]) - RANKED_ROWS
    tail = f"<p>{more} more pairs in similarity.json.</p>" if more > 0 else ""
    return ("<table><tr><th>#</th><th>students</th><th>combined</th><th>code</th>"
            "<th>behaviour</th><th>functions with shared wrong outputs</th></tr>"
            f"{''.join(rows)}</table>{tail}")


def _pair_section(rank: int, pair: dict) -> str:
    a, b = esc(pair["a"]), esc(pair["b"])
    parts = [f"<section class='pair' id='pair-{rank}'><h3>#{rank} {a} and {b}: combined "
             f"{score(pair['combined'])} (code {score(pair['code'])}, behaviour "
             f"{score(pair['behaviour'])})</h3>"]
    if pair["shared_outputs"]:
        rows = "".join(
            f"<tr><td><code>{esc(s['topic'])}::{esc(s['test'])}</code></td>"
            f"<td>{esc(s['function'])}</td><td class='num'>{s['students']} of "
            f"{s['graded']}</td><td class='num'>{s['chance']:.2f}</td></tr>"
            for s in pair["shared_outputs"])
        parts.append("<p>Failed tests in which both returned the same wrong values:</p>"
                     "<table><tr><th>test</th><th>function</th><th>students with these "
                     "values</th><th>chance (k-1)/N</th></tr>" + rows + "</table>")
    else:
        parts.append("<p>No shared wrong outputs.</p>")
    for view in pair.get("views", []):
        shares = pair["code_by_topic"].get(view["topic"], {"a": 0.0, "b": 0.0})
        parts.append(
            f"<h4>{esc(view['topic'])}: {percent(shares['a'])} of {a}'s code matches "
            f"{b}'s, {percent(shares['b'])} of {b}'s matches {a}'s</h4><div class='side'>"
            f"<div><b>{a}</b><pre>{highlighted(view['code_a'], view['marks_a'])}</pre></div>"
            f"<div><b>{b}</b><pre>{highlighted(view['code_b'], view['marks_b'])}</pre></div>"
            "</div>")
    parts.append("</section>")
    return "".join(parts)


def to_html(doc: dict) -> str:
    """The page for a report's plain data (see the module's docstring)."""
    shown = [pair for pair in doc["pairs"] if "views" in pair]
    marked = sum(pair["marked"] for pair in doc["pairs"])
    topics = ", ".join(f"{t['name']} ({t['students']} files"
                       f"{'' if t['base'] else ', no stub'})" for t in doc["topics"])
    summary = (f"{len(doc['students'])} students; topics: {topics}. {len(doc['pairs'])} "
               f"pairs have something in common, {marked} at or above the threshold.")
    if not doc["behaviour_graded"]:
        summary += (" No output digests in the gradebook (not graded, or graded by an older "
                    "autograder): code similarity only.")
    notes = "".join(f"<li>{esc(note)}</li>" for note in doc["notes"])
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Similarity report</title><style>{STYLE}</style></head><body>"
        f"<h1>Similarity report</h1><p>{esc(summary)}</p>{_meaning(doc)}"
        + (f"<h2>Notes</h2><ul>{notes}</ul>" if notes else "")
        + f"<h2>Heat map</h2>{_heat_map(doc, shown)}"
        f"<h2>Pairs, the most similar first</h2>{_ranking(doc, len(shown))}"
        f"<h2>Side by side</h2>"
        + ("".join(_pair_section(rank, pair) for rank, pair in enumerate(shown, start=1))
           or "<p>No pair to show.</p>")
        + "</body></html>\n")


def terminal_table(doc: dict, rows: int = 15) -> Table:
    """The top ``rows`` pairs for the terminal (names as plain text: no markup, no escapes)."""
    table = Table(title=f"most similar pairs of {len(doc['students'])} students "
                        f"(threshold {doc['threshold']:g})")
    for column in ("#", "students", "combined", "code", "behaviour"):
        table.add_column(column, justify="left" if column == "students" else "right")
    for rank, pair in enumerate(doc["pairs"][:rows], start=1):
        table.add_row(str(rank), Text(f"{plain(pair['a'])} and {plain(pair['b'])}",
                                      style="bold red" if pair["marked"] else ""),
                      score(pair["combined"]), score(pair["code"]), score(pair["behaviour"]))
    return table
