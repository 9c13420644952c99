"""Compare Frappe's and ERPNext's own tests run on a reference site (ERPNext without crm_plus) and on the
test site (ERPNext with crm_plus), test by test, from their JUnit XML reports.

Usage: python3 scripts/compare_host_tests.py REFERENCE_DIR WITH_CRM_PLUS_DIR

Prints one line per test that fails with crm_plus but passes without it (a regression crm_plus causes),
the tests that fail on both sites (the host app's own test isolation, not crm_plus: listed, counted as
skipped), and a last line "passed failed skipped": passed = passing with crm_plus; failed = regressions,
tests missing from either run and runs that wrote no report; skipped = skipped or failing on both.
"""

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def outcomes(directory: str) -> tuple[dict[str, str], int]:
	"""{test id: "pass" | "fail" | "skip"} from every JUnit file under `directory`; and how many files."""
	result: dict[str, str] = {}
	files = sorted(Path(directory).glob("*.xml"))
	for path in files:
		root = ET.parse(path).getroot()
		for case in root.iter("testcase"):
			test = f"{case.get('classname')}.{case.get('name')}"
			if case.find("failure") is not None or case.find("error") is not None:
				result[test] = "fail"
			elif case.find("skipped") is not None:
				result[test] = result.get(test, "skip")
			else:
				result.setdefault(test, "pass")
		# errors in setUpClass are reported as a test case of their own by xmlrunner
	return result, len(files)


def compare(reference: dict[str, str], with_crm_plus: dict[str, str]) -> tuple[int, list[str], list[str]]:
	passed, regressions, both = 0, [], []
	for test in sorted(set(reference) | set(with_crm_plus)):
		ref, ours = reference.get(test), with_crm_plus.get(test)
		if ours == "pass":
			passed += 1
		elif ours is None:
			regressions.append(f"{test}: did not run with crm_plus ({ref or 'absent'} without)")
		elif ours == "fail" and ref == "fail":
			both.append(test)
		elif ours == "fail":
			regressions.append(f"{test}: fails with crm_plus, {ref or 'did not run'} without")
		elif ours == "skip":
			both.append(f"{test} (skipped)")
	return passed, regressions, both


def main(reference_dir: str, ours_dir: str, expected_runs: int) -> None:
	reference, ref_files = outcomes(reference_dir)
	ours, our_files = outcomes(ours_dir)
	passed, regressions, both = compare(reference, ours)
	missing_runs = max(expected_runs - our_files, 0) + max(expected_runs - ref_files, 0)
	for line in regressions:
		print(f"REGRESSION {line}")
	for test in both:
		print(f"fails without crm_plus too (the host app's own test set-up): {test}")
	print(f"{passed} {len(regressions) + missing_runs} {len(both)}")


if __name__ == "__main__":
	main(sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 0)
