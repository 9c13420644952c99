"""Benchmarks: scripts with a printed result, run on demand against a site with demo data.

    bench --site S crm-plus-demo --customers 100000 --orders 200000
    bench --site S crm-plus-benchmark <name> [--arg key=value ...]

Each module here defines ``run(**kwargs)``; the figures in the README come from these runs.
Benchmarks are never part of the test suite.
"""

import resource
import statistics
import time
from collections.abc import Callable
from contextlib import contextmanager

import frappe


def percentile(samples: list[float], pct: float) -> float:
	ordered = sorted(samples)
	k = (len(ordered) - 1) * pct / 100
	lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
	return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def repeat(fn: Callable[[], object], times: int = 50, warmup: int = 3) -> dict:
	"""Call `fn` `times` times (after `warmup` calls); p50 / p95 / max in milliseconds."""
	for _ in range(warmup):
		fn()
	samples = []
	for _ in range(times):
		start = time.perf_counter()
		fn()
		samples.append((time.perf_counter() - start) * 1000)
	return {
		"calls": times,
		"p50_ms": round(statistics.median(samples), 2),
		"p95_ms": round(percentile(samples, 95), 2),
		"max_ms": round(max(samples), 2),
	}


@contextmanager
def timed(label: str, results: dict):
	start = time.perf_counter()
	yield
	results[label] = round(time.perf_counter() - start, 2)


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def peak_rss_mb() -> float:
	"""Peak resident memory of this process so far, in MB (Linux reports KiB)."""
	return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def explain(sql: str) -> list[dict]:
	return frappe.db.sql(
		f"explain {sql}", as_dict=True
	)  # nosemgrep: benchmark prints the plan of a query it built


def print_explain(sql: str) -> None:
	text = " ".join(sql.split())
	print(
		"EXPLAIN",
		text if len(text) <= 400 else text[:300] + f" ... ({len(text)} characters) ..." + text[-80:],
	)
	for row in explain(sql):
		print(
			f"  {row.get('select_type', ''):<18} table={row.get('table')} type={row.get('type')}"
			f" key={row.get('key')} rows={row.get('rows')} extra={row.get('Extra')}"
		)
