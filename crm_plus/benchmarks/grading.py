"""Benchmark: the full re-grade and the full churn scan, against the naive per-document re-grade.

    bench --site S crm-plus-demo --customers 100000 --orders 200000 --lines-per-order 5
    bench --site S crm-plus-benchmark grading [--arg sample=300] [--arg keep=0]

In one run, on the site's demo data:

1. cold re-grade: every customer ungraded first (grade, score and history cleared), then
   ``crm_plus.grading.regrade()`` for all of them: every score and most grades change, so every
   customer row is written and a grade-history row and notification is due for each grade change;
2. warm re-grade: the same again as the daily job runs it the next day (the period moves by a day:
   a few scores and grades change);
3. cold churn scan (all alerts cleared first), and warm churn scan as it runs the next day (the days
   of every open alert move on and are written; a few alerts are raised or closed);
4. naive re-grade of `sample` random customers, the per-document way: load the customer, load each of
   its counted orders with the ORM (frappe.get_doc, lines included) and its complaints, compute the
   same score, ``doc.save()`` the customer. Its time per customer × all customers is printed as an
   EXTRAPOLATED figure (the full naive run would take hours), with the ratio to the cold re-grade.

Everything runs in one transaction that is rolled back at the end (``keep=1`` commits instead), so
the site's data is as before.
"""

import random
import time
from datetime import timedelta

import frappe
from frappe.utils import add_days, getdate, now_datetime, nowdate

from crm_plus import churn, grading
from crm_plus.benchmarks import peak_rss_mb
from crm_plus.grading.score import Figures, period_start, value_score
from crm_plus.orders import COUNTED_STATUSES


def _count(doctype: str) -> int:
	return frappe.db.count(doctype)


def _reset_grades() -> None:
	cu = frappe.qb.DocType("CP Customer")
	(
		frappe.qb.update(cu)
		.set(cu.grade, None)
		.set(cu.value_score, 0)
		.set(cu.grade_locked, 0)
		.set(cu.grade_override_reason, None)
		.set(cu.last_graded_on, None)
		.run()
	)
	frappe.db.delete("CP Grade History")


def _timed(fn):
	start = time.perf_counter()
	result = fn()
	return round(time.perf_counter() - start, 2), result


def naive_regrade(customer: str, rules, tiers, today) -> None:
	"""What a per-document re-grade does for one customer."""
	doc = frappe.get_doc("CP Customer", customer)
	start = period_start(today, rules.period_months)
	figures = Figures()
	products = set()
	for name in frappe.get_all(
		"CP Order",
		filters={"customer": customer, "status": ("in", COUNTED_STATUSES), "order_date": ("<=", today)},
		pluck="name",
	):
		order = frappe.get_doc("CP Order", name)
		order_date = getdate(order.order_date)
		figures.clv_amount += order.total_amount
		figures.clv_orders += 1
		figures.first_order = min(figures.first_order or order_date, order_date)
		if order_date > start:
			figures.amount += order.total_amount
			figures.orders += 1
			products |= {line.product for line in order.items}
	figures.products = len(products)
	figures.complaints = frappe.db.count(
		"CP Complaint", {"customer": customer, "complaint_date": ("between", (start, today))}
	)
	score = value_score(figures, rules, today)
	doc.value_score = score
	doc.grade = grading.grade_for(score, tiers)
	doc.save(ignore_permissions=True)


def run(sample: int | str = 300, keep: int | str = 0, seed: int | str = 2026) -> dict:
	sample, keep = int(sample), int(keep)
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	today = getdate(nowdate())
	data = {
		"customers": _count("CP Customer"),
		"orders": _count("CP Order"),
		"order lines": _count("CP Order Item"),
		"complaints": _count("CP Complaint"),
		"follow-ups": _count("CP Follow Up"),
	}
	print("data:", ", ".join(f"{v:,} {k}" for k, v in data.items()))
	results: dict = {}
	try:
		_reset_grades()
		results["regrade_cold_s"], cold = _timed(lambda: grading.regrade(source=grading.SCHEDULED))
		print(
			f"full re-grade (cold: every customer ungraded): {results['regrade_cold_s']} s  {cold.as_dict()}"
		)
		results["regrade_warm_s"], warm = _timed(
			lambda: grading.regrade(source=grading.SCHEDULED, today=add_days(today, 1))
		)
		print(
			f"full re-grade (warm: the next day's run):      {results['regrade_warm_s']} s  {warm.as_dict()}"
		)
		distribution = frappe.get_all(
			"CP Customer", fields=["grade", "count(*) as customers"], group_by="grade", order_by="grade"
		)
		print("grades:", ", ".join(f"{d.grade or '-'}: {d.customers:,}" for d in distribution))

		frappe.db.delete("CP Churn Alert")
		results["scan_cold_s"], scan = _timed(churn.scan)
		print(f"full churn scan (cold: no alerts yet):         {results['scan_cold_s']} s  {scan.as_dict()}")
		results["scan_warm_s"], scan = _timed(lambda: churn.scan(now=now_datetime() + timedelta(days=1)))
		print(f"full churn scan (warm: the next day's run):    {results['scan_warm_s']} s  {scan.as_dict()}")

		rules, tiers = grading.load_rules(), grading.load_tiers()
		names = frappe.get_all("CP Customer", pluck="name", order_by="name")
		picked = random.Random(int(seed)).sample(names, min(sample, len(names)))
		elapsed, _none = _timed(lambda: [naive_regrade(c, rules, tiers, today) for c in picked])
		per_customer = elapsed / max(len(picked), 1)
		results["naive_sample"] = len(picked)
		results["naive_sample_s"] = elapsed
		results["naive_extrapolated_s"] = round(per_customer * len(names), 1)
		results["ratio"] = round(results["naive_extrapolated_s"] / max(results["regrade_cold_s"], 0.01), 1)
		print(
			f"naive per-document re-grade: {elapsed} s for a sample of {len(picked)} customers"
			f" ({per_customer * 1000:.1f} ms each)"
		)
		print(
			f"naive per-document re-grade of all {len(names):,} customers, EXTRAPOLATED from the sample:"
			f" {results['naive_extrapolated_s']} s ({results['naive_extrapolated_s'] / 60:.1f} min)"
		)
		print(f"set-based re-grade is {results['ratio']}x faster than the per-document way")
		print(f"peak memory: {peak_rss_mb()} MB")
	finally:
		if keep:
			frappe.db.commit()  # nosemgrep: benchmark asked to keep its result
		else:
			frappe.db.rollback()
	return results
