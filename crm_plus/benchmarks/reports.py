"""How fast the analysis reports are, as a rep, a manager and an administrator.

    bench --site S crm-plus-demo --customers 100000 --orders 200000 --lines-per-order 5
    bench --site S crm-plus-benchmark reports [--arg runs=5] [--arg explain=1]

Each report runs through frappe.desk.query_report.run (what the desk calls, with the visibility rule and
the framework's row filtering) with its default filters, `runs` times after one warm-up run, as the rep
with the most customers, that rep's sales manager, and Administrator. Prints p50 and max in milliseconds.
With explain=1 also prints the query plans of the analysis queries as the manager.

Twice, in the same run (`rollup=both`, the default): first with every owner's rollup rows not current
(marked, as after writes no rebuild has caught up with: every figure computed live, the way the reports
worked before the rollup), then after a rebuild of the rollup (timed) — and the ratio of the two.
`rollup=current` measures only the second, `rollup=live` only the first.
"""

import frappe
from frappe.desk.query_report import run as run_report

from crm_plus.benchmarks import as_user, print_explain, repeat

REPORTS = [
	("CP Customer Profile", {"dimension": "industry"}),
	("CP Customer Profile", {"dimension": "amount_band"}),
	("CP Sales Trend", {"period": "Month"}),
	("CP Sales Trend", {"period": "Quarter", "from_date": "2000-01-01"}),
	("CP Competitor Comparison", {}),
	("CP Grade Distribution", {}),
	("CP Grade Distribution", {"mode": "Movement"}),
	("CP Rep Performance", {}),
	("CP Expiring Price Files", {"days": 365}),
	("CP Sales Forecast", {"period": "Month"}),
	("CP Sales Forecast", {"period": "Quarter"}),
]


def busiest_rep() -> str:
	return frappe.db.sql(
		"""select `sales_owner` from `tabCP Customer` where ifnull(`sales_owner`, '') != ''
		group by `sales_owner` order by count(*) desc limit 1"""
	)[0][0]


def manager_of(rep: str) -> str:
	teams = frappe.get_all(
		"CP Sales Team Member", {"user": rep, "parenttype": "CP Sales Team"}, pluck="parent"
	)
	return frappe.db.get_value("CP Sales Team", {"name": ("in", teams)}, "manager")


def run(
	runs: int | str = 5,
	explain: int | str = 0,
	rep: str | None = None,
	manager: str | None = None,
	rollup: str = "both",
) -> dict:
	import time

	from crm_plus.rollup.build import refresh
	from crm_plus.rollup.marks import touch_all

	runs = int(runs)
	results = {}
	if rollup in ("both", "live"):
		touch_all()
		print("\n--- rollup not current: every figure computed live")
		results["live"] = measure(runs, rep, manager)
	if rollup in ("both", "current"):
		started = time.perf_counter()
		owners = refresh()
		print(
			f"\n--- rollup rebuilt for {owners} owners in {time.perf_counter() - started:.1f} s; rollup current"
		)
		results["current"] = measure(runs, rep, manager)
	if len(results) == 2:
		print("\nratio live / current, p50:")
		for key, live in results["live"].items():
			print(f"  {key:75} {live['p50_ms'] / max(results['current'][key]['p50_ms'], 0.01):>8.1f}x")
	if int(explain):
		with as_user(manager or manager_of(rep or busiest_rep())):
			explain_queries()
	return {f"{mode} {k}": v for mode, by in results.items() for k, v in by.items()}


def measure(runs: int, rep: str | None = None, manager: str | None = None) -> dict:
	rep = rep or busiest_rep()
	manager = manager or manager_of(rep)
	print(
		f"customers: {frappe.db.count('CP Customer')}, orders: {frappe.db.count('CP Order')},"
		f" follow-ups: {frappe.db.count('CP Follow Up')}, runs per measurement: {runs} (after 1 warm-up)"
	)
	print(f"rep: {rep}, manager: {manager}")
	results = {}
	print(f"{'report':28} {'filters':34} {'user':8} {'rows':>6} {'p50 ms':>9} {'max ms':>9}")
	for report, filters in REPORTS:
		for label, user in (("rep", rep), ("manager", manager), ("admin", "Administrator")):
			with as_user(user):
				rows = len(run_report(report, filters=dict(filters), ignore_prepared_report=True)["result"])
				timing = repeat(
					lambda r=report, f=filters: run_report(r, filters=dict(f), ignore_prepared_report=True),
					runs,
					warmup=1,
				)
			results[(report, str(filters), label)] = timing
			print(
				f"{report:28} {str(filters)[:34]:34} {label:8} {rows:>6} {timing['p50_ms']:>9.0f} {timing['max_ms']:>9.0f}"
			)
	slowest = max(results.items(), key=lambda item: item[1]["max_ms"])
	print(f"slowest: {slowest[0]} max {slowest[1]['max_ms']:.0f} ms")
	return {f"{k[0]} {k[1]} {k[2]}": v for k, v in results.items()}


def explain_queries() -> None:
	"""The plans of the analysis queries as the current user, captured from the SQL they send."""
	from crm_plus.analysis import MONTH
	from crm_plus.analysis.performance import rep_performance
	from crm_plus.analysis.profile import customer_profile
	from crm_plus.analysis.trend import follow_ups_by_period, sales_by_period

	captured = []
	sql = frappe.db.sql

	def capture(query, values=(), *args, **kwargs):
		if query.lstrip().lower().startswith("select"):
			captured.append(frappe.db.mogrify(query, values) if values else query)
		return sql(query, values, *args, **kwargs)

	frappe.db.sql = capture
	try:
		customer_profile("amount_band")
		sales_by_period(MONTH, "2025-11-01", "2026-11-30")
		follow_ups_by_period(MONTH, "2025-11-01", "2026-11-30")
		rep_performance("2026-01-01", "2026-11-30")
	finally:
		frappe.db.sql = sql
	for query in captured:
		if "`tabCP " in query:
			print_explain(query)
