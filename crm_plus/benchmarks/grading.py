"""Benchmark: the full re-grade and the full churn scan, against the naive per-document re-grade.

    bench --site S crm-plus-demo --customers 100000 --orders 200000 --lines-per-order 5
    bench --site S crm-plus-benchmark grading [--arg sample=300] [--arg keep=0]

    # ERPNext's submitted Sales Invoices as the source (an ERPNext site, demo made with --erpnext)
    bench --site S crm-plus-demo --customers 100000 --orders 200000 --lines-per-order 5 --erpnext
    bench --site S crm-plus-benchmark grading --arg source=erpnext

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
from frappe.query_builder.functions import Count
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


def _documents(doc, today, erpnext: bool):
	"""(date, amount, is an order, products) of each sales document of the customer `doc`, read one
	document at a time with the ORM."""
	if not erpnext:
		filters = {"customer": doc.name, "status": ("in", COUNTED_STATUSES), "order_date": ("<=", today)}
		for name in frappe.get_all("CP Order", filters=filters, pluck="name"):
			order = frappe.get_doc("CP Order", name)
			yield getdate(order.order_date), order.total_amount, True, {line.product for line in order.items}
		return
	if not doc.erpnext_customer:
		return
	filters = {"customer": doc.erpnext_customer, "docstatus": 1, "posting_date": ("<=", today)}
	for name in frappe.get_all("Sales Invoice", filters=filters, pluck="name"):
		invoice = frappe.get_doc("Sales Invoice", name)
		products = set() if invoice.is_return else {line.item_code for line in invoice.items}
		yield getdate(invoice.posting_date), invoice.base_net_total, not invoice.is_return, products


def naive_regrade(customer: str, rules, tiers, today, erpnext: bool = False) -> None:
	"""What a per-document re-grade does for one customer."""
	doc = frappe.get_doc("CP Customer", customer)
	start = period_start(today, rules.period_months)
	figures = Figures()
	products = set()
	for day, amount, is_order, lines in _documents(doc, today, erpnext):
		figures.clv_amount += amount
		figures.clv_orders += int(is_order)
		if is_order:
			figures.first_order = min(figures.first_order or day, day)
		if day > start:
			figures.amount += amount
			figures.orders += int(is_order)
			products |= lines
	figures.products = len(products)
	figures.complaints = frappe.db.count(
		"CP Complaint", {"customer": customer, "complaint_date": ("between", (start, today))}
	)
	score = value_score(figures, rules, today)
	doc.value_score = score
	doc.grade = grading.grade_for(score, tiers)
	doc.save(ignore_permissions=True)


def run(sample: int | str = 300, keep: int | str = 0, seed: int | str = 2026, source: str = "crm") -> dict:
	sample, keep = int(sample), int(keep)
	erpnext = source == "erpnext"
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	today = getdate(nowdate())
	data = {"customers": _count("CP Customer")}
	if erpnext:
		from crm_plus.integrations.erpnext.indexes import ensure

		frappe.db.set_single_value("CP ERPNext Settings", "order_source", "ERPNext Sales Invoices")
		ensure(("Sales Invoice",))  # as switching the source in the settings does
		data["submitted sales invoices"] = frappe.db.count("Sales Invoice", {"docstatus": 1})
		data["their lines"] = frappe.db.sql(
			"select count(*) from `tabSales Invoice Item` where `docstatus` = 1"
		)[0][0]
	else:
		data["orders"] = _count("CP Order")
		data["order lines"] = _count("CP Order Item")
	data["complaints"] = _count("CP Complaint")
	data["follow-ups"] = _count("CP Follow Up")
	print(f"sales source: {'ERPNext Sales Invoices' if erpnext else 'crm_plus orders'}")
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
		customer = frappe.qb.DocType("CP Customer")
		distribution = (
			frappe.qb.from_(customer)
			.select(customer.grade, Count("*").as_("customers"))
			.groupby(customer.grade)
			.orderby(customer.grade)
			.run(as_dict=True)
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
		elapsed, _none = _timed(lambda: [naive_regrade(c, rules, tiers, today, erpnext) for c in picked])
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
