"""Anomaly rules for imported rows. Pure Python: no Frappe import (tests/test_import_anomalies.py).

A flagged row is still imported; the flag is listed in the import report for a person to check.
"""

import math
from collections.abc import Sequence
from datetime import date

# how many standard deviations above the mean make an amount an outlier
SIGMAS = 5.0
# fewer values than this are no history to judge by
MIN_HISTORY = 3
# a cooperation that started before this is a typo (公元 / 民国 years, two-digit years ...)
EARLIEST_PLAUSIBLE = date(1949, 10, 1)


def mean_and_stdev(values: Sequence[float]) -> tuple[float, float]:
	"""The mean and the population standard deviation."""
	n = len(values)
	if not n:
		return 0.0, 0.0
	mean = sum(values) / n
	return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / n)


def outlier_limit(history: Sequence[float], sigmas: float = SIGMAS, min_history: int = MIN_HISTORY):
	"""The amount above which a new value is an outlier against `history`, or None when the history
	is too short or does not vary (a constant history says nothing about spread)."""
	values = [float(v) for v in history if v is not None]
	if len(values) < min_history:
		return None
	mean, stdev = mean_and_stdev(values)
	if stdev <= 0:
		return None
	return mean + sigmas * stdev


def is_outlier(value: float | None, history: Sequence[float], sigmas: float = SIGMAS) -> bool:
	limit = outlier_limit(history, sigmas)
	return value is not None and limit is not None and float(value) > limit


def implausible_date(value: date | None, today: date) -> str | None:
	"""'future' or 'too early' for a date no cooperation can have started on; None when plausible."""
	if value is None:
		return None
	if value > today:
		return "future"
	if value < EARLIEST_PLAUSIBLE:
		return "too early"
	return None
