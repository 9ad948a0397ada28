"""JUnit XML for CI: one testcase per corpus case; disagreements are failures, crashes and time-outs errors."""
from __future__ import annotations

import xml.etree.ElementTree as ET

from .run import AGREE, CRASHED, DISAGREE, TIMED_OUT, CaseResult


def junit_xml(results: list[CaseResult], suite: str) -> bytes:
    """The report as UTF-8 XML bytes (testsuites > testsuite > testcase)."""
    failures = sum(r.verdict == DISAGREE for r in results)
    errors = sum(r.verdict in (CRASHED, TIMED_OUT) for r in results)
    seconds = f"{sum(r.seconds for r in results):.3f}"
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": str(errors), "skipped": "0",
              "time": seconds}
    root = ET.Element("testsuites", {"name": "jwgen check", **counts})
    suite_element = ET.SubElement(root, "testsuite", {"name": suite, **counts})
    for result in results:
        case = result.case
        classname = "jwgen.check." + ("+".join(case.defects) or "valid")
        element = ET.SubElement(suite_element, "testcase",
                                {"classname": classname, "name": case.name, "time": f"{result.seconds:.3f}"})
        if result.verdict == AGREE:
            continue
        text = "\n".join(([result.detail] if result.detail else []) + result.differences)
        first = (result.differences[:1] or [result.detail])[0]
        message = f"{result.verdict} (expected {case.expected_status}): {first}"
        tag = "failure" if result.verdict == DISAGREE else "error"
        child = ET.SubElement(element, tag, {"type": result.verdict, "message": message})
        child.text = text
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
