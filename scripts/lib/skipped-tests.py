#!/usr/bin/env python3
"""Prints the tests that were skipped in a Maven run, with the reason each gave, from the JUnit XML reports
(surefire and failsafe) under the given root: one line per distinct reason, with the tests it skipped."""
import glob
import os
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1] if len(sys.argv) > 1 else "."
reports = sorted(glob.glob(os.path.join(root, "*", "target", "*-reports", "TEST-*.xml")))
by_reason = {}
for report in reports:
    module = os.path.relpath(report, root).split(os.sep)[0]
    for case in ET.parse(report).getroot().iter("testcase"):
        skipped = case.find("skipped")
        if skipped is None:
            continue
        reason = skipped.get("message") or (skipped.text or "").strip().splitlines()[0:1]
        if isinstance(reason, list):
            reason = reason[0] if reason else "no reason given"
        reason = reason.replace("org.opentest4j.TestAbortedException: ", "").replace("Assumption failed: ", "")
        test = case.get("classname", "?").rsplit(".", 1)[-1] + "." + case.get("name", "?").split("(")[0]
        by_reason.setdefault((module, reason), []).append(test)

total = sum(len(tests) for tests in by_reason.values())
if total == 0:
    print("tests: none skipped")
    sys.exit(0)
print(f"tests: {total} skipped, for {len(by_reason)} reason(s):")
for (module, reason), tests in sorted(by_reason.items()):
    shown = ", ".join(sorted(set(tests))[:4]) + (" …" if len(set(tests)) > 4 else "")
    print(f"  {module}: {len(tests)} skipped — {reason}")
    print(f"      {shown}")
