"""``junit.xml``: the whole class as JUnit XML, for CI dashboards and test-report viewers.

Layout: ``<testsuites>`` holds one ``<testsuite name=STUDENT_ID>`` per student (with
``score`` and ``max_score`` properties) holding one ``<testcase>`` per graded test, with
``classname`` ``STUDENT_ID.TOPIC``, ``name`` the test's name and ``time`` its duration. A
failed test carries ``<failure type="failed">``, an error or a timeout ``<error
type="error"|"timeout">``, a test that could not be tested (a function it needs does not work)
``<skipped type="untestable">``: it was not run on the graded function, and it earns
nothing; the element's ``message`` is the one-line reason and its text the whole feedback.
Counts (``tests``, ``failures``, ``errors``, ``skipped``) are set on every suite and on the
root. The suite's ``score`` property is the final score (after any late penalty); when a
late penalty took points, ``raw_score`` and ``late_penalty`` say how many. Written with
:mod:`xml.etree.ElementTree`; characters that XML 1.0
cannot hold (control characters a submission may print) become U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from autograder.exports.common import points, student_ids
from autograder.results import GradingResult

NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
MESSAGE_CHARS = 300


def _text(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def _reason(feedback: str) -> str:
    """The line that says what went wrong (the first line is the property's description)."""
    lines = feedback.splitlines()
    reason = lines[1] if len(lines) > 1 else (lines[0] if lines else "")
    return reason[:MESSAGE_CHARS]


TAGS = {"failed": "failure", "error": "error", "timeout": "error", "untestable": "skipped"}
COUNTED = ("failure", "error", "skipped")  # the counts after ``tests``, in this order


def _counts(element: ET.Element, tests: int, failures: int, errors: int, skipped: int,
            time: float) -> None:
    element.set("tests", str(tests))
    element.set("failures", str(failures))
    element.set("errors", str(errors))
    element.set("skipped", str(skipped))
    element.set("time", f"{time:.3f}")


def to_junit(results: list[GradingResult]) -> ET.ElementTree:
    root = ET.Element("testsuites", name="autograder")
    totals = [0, 0, 0, 0, 0.0]
    for sid, result in zip(student_ids(results), results):
        suite = ET.SubElement(root, "testsuite", name=_text(sid))
        properties = ET.SubElement(suite, "properties")
        ET.SubElement(properties, "property", name="score", value=points(result.final_score))
        ET.SubElement(properties, "property", name="max_score", value=points(result.max_score))
        if result.late_penalty:
            ET.SubElement(properties, "property", name="raw_score", value=points(result.score))
            ET.SubElement(properties, "property", name="late_penalty",
                          value=points(result.late_penalty))
        counts = [0, 0, 0, 0, 0.0]
        for topic in result.topics:
            for test in topic.tests:
                case = ET.SubElement(suite, "testcase", classname=_text(f"{sid}.{topic.name}"),
                                     name=_text(test.name), time=f"{test.duration_s:.3f}")
                counts[0] += 1
                counts[4] += test.duration_s
                if test.status == "passed":
                    continue
                tag = TAGS[test.status]
                counts[1 + COUNTED.index(tag)] += 1
                outcome = ET.SubElement(case, tag, type=test.status,
                                        message=_text(_reason(test.feedback)))
                outcome.text = _text(test.feedback)
        _counts(suite, *counts)
        totals = [a + b for a, b in zip(totals, counts)]
    _counts(root, *totals)
    ET.indent(root)
    return ET.ElementTree(root)


def write_junit(results: list[GradingResult], path: Path) -> None:
    to_junit(results).write(path, encoding="utf-8", xml_declaration=True)


def junit_text(results: list[GradingResult]) -> str:
    return ET.tostring(to_junit(results).getroot(), encoding="unicode",
                       xml_declaration=True) + "\n"
