"""Add up the JUnit XML files of the test phases into one closing line."""

import sys
import xml.etree.ElementTree as ET

totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
for path in sys.argv[1:]:
    try:
        root = ET.parse(path).getroot()  # noqa: S314 (our own pytest output)
    except (OSError, ET.ParseError):
        print(f"(no results in {path})")
        totals["errors"] += 1
        continue
    for suite in root.iter("testsuite"):
        for key in totals:
            totals[key] += int(suite.get(key, 0))
passed = totals["tests"] - totals["failures"] - totals["errors"] - totals["skipped"]
failed = totals["failures"] + totals["errors"]
print()
print(f"{passed} passed, {failed} failed, {totals['skipped']} skipped")
