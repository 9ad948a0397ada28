"""JUnit XML for CI: one testcase per corpus case; disagreements are failures, crashes and time-outs errors.

Written with ElementTree (escaping of markup); every text and attribute first passes
:func:`jwgen.printable.printable`, so what XML 1.0 forbids (NUL, ESC, lone surrogates,
U+FFFE) from another tool's output arrives as a visible escape and the file stays
well-formed.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..printable import printable
from .run import AGREE, CRASHED, DISAGREE, TIMED_OUT, CaseResult


def _attrs(**values: str) -> dict[str, str]:
    return {key: printable(value, keep="") for key, value in values.items()}


def junit_xml(results: list[CaseResult], suite: str) -> bytes:
    """The report as UTF-8 XML bytes (testsuites > testsuite > testcase)."""
    failures = sum(r.verdict == DISAGREE for r in results)
    errors = sum(r.verdict in (CRASHED, TIMED_OUT) for r in results)
    seconds = f"{sum(r.seconds for r in results):.3f}"
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": str(errors), "skipped": "0",
              "time": seconds}
    root = ET.Element("testsuites", {"name": "jwgen check", **counts})
    suite_element = ET.SubElement(root, "testsuite", {**_attrs(name=suite), **counts})
    for result in results:
        case = result.case
        classname = "jwgen.check." + ("+".join(case.defects) or "valid")
        element = ET.SubElement(suite_element, "testcase",
                                {**_attrs(classname=classname, name=case.name), "time": f"{result.seconds:.3f}"})
        if result.verdict == AGREE:
            continue
        text = "\n".join(([result.detail] if result.detail else []) + result.differences)
        first = (result.differences[:1] or [result.detail])[0]
        message = f"{result.verdict} (expected {case.expected_status}): {first}"
        tag = "failure" if result.verdict == DISAGREE else "error"
        child = ET.SubElement(element, tag, {"type": result.verdict, **_attrs(message=message)})
        child.text = printable(text, keep="\n\t")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
