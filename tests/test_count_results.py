"""The test command's summary line is only as good as the parser behind it."""

import importlib.util
from pathlib import Path

spec = importlib.util.spec_from_file_location(
	"count_results", Path(__file__).parent.parent / "scripts" / "count_results.py"
)
count_results = importlib.util.module_from_spec(spec)
spec.loader.exec_module(count_results)


def test_unittest_ok_with_skips():
	text = "...s.\n----------------------------------------------------------------------\nRan 5 tests in 1.234s\n\nOK (skipped=1)\n"
	assert count_results.count_unittest(text) == (4, 0, 1)


def test_unittest_failures_and_errors():
	text = "Ran 10 tests in 3.0s\n\nFAILED (failures=2, errors=1, skipped=3)\n"
	assert count_results.count_unittest(text) == (4, 3, 3)


def test_unittest_crash_counts_as_failure():
	assert count_results.count_unittest("Traceback (most recent call last):\n  boom\n") == (0, 1, 0)


def test_pytest_summary():
	text = "....\n4 passed, 1 failed, 2 skipped in 0.31s\n"
	assert count_results.count_pytest(text) == (4, 1, 2)


def test_pytest_errors_count_as_failures():
	assert count_results.count_pytest("== 3 passed, 2 errors in 1.0s ==") == (3, 2, 0)


def test_pytest_without_summary_fails():
	assert count_results.count_pytest("ImportError while loading conftest") == (0, 1, 0)


def test_unittest_cleanup_errors_never_make_passes_negative():
	assert count_results.count_unittest("Ran 1 test in 3.0s\n\nFAILED (errors=2)\n") == (0, 2, 0)
