"""Print "passed failed skipped" for the output of a unittest (bench run-tests) or pytest run.

Usage: python3 scripts/count_results.py unittest|pytest FILE

A run that printed no summary (it crashed before reporting) counts as one failure, so a broken
suite can never pass silently.
"""

import re
import sys


def count_unittest(text: str) -> tuple[int, int, int]:
	runs = re.findall(r"^Ran (\d+) tests? in ", text, re.M)
	if not runs:
		return 0, 1, 0
	total = sum(int(n) for n in runs)
	failed = skipped = 0
	for status in re.findall(r"^(OK|FAILED)(?: \(([^)]*)\))?\s*$", text, re.M):
		for key, value in re.findall(r"(\w+)=(\d+)", status[1]):
			if key in ("failures", "errors", "unexpected_successes"):
				failed += int(value)
			elif key in ("skipped", "expected_failures"):
				skipped += int(value)
	# errors in set-up or clean-up are counted on top of the test they belong to
	return max(total - failed - skipped, 0), failed, skipped


def count_pytest(text: str) -> tuple[int, int, int]:
	lines = [
		line
		for line in text.splitlines()
		if re.search(r"\d+ (passed|failed|error|skipped)|no tests ran", line)
	]
	if not lines:
		return 0, 1, 0
	summary = lines[-1]

	def get(*words: str) -> int:
		return sum(int(n) for word in words for n in re.findall(rf"(\d+) {word}\b", summary))

	return get("passed", "xpassed"), get("failed", "errors?"), get("skipped", "xfailed", "deselected")


if __name__ == "__main__":
	kind, path = sys.argv[1], sys.argv[2]
	with open(path, encoding="utf-8", errors="replace") as f:
		text = f.read()
	passed, failed, skipped = (count_unittest if kind == "unittest" else count_pytest)(text)
	print(passed, failed, skipped)
