"""Supplier scores and ratings, computed set-based (the formula is in crm_plus.suppliers.score).

``recompute_supplier_scores(suppliers)`` reads the deliveries and the quality evaluations of the given
suppliers (None: all) in two aggregate queries, computes each supplier's figures in Python and writes
them back in batched UPDATEs (one per BATCH suppliers, CASE per column). It runs when a delivery or an
evaluation is saved or deleted (for its supplier), and daily for all suppliers (``daily``), because an
undelivered delivery turns late by the passing of time alone.
"""

from collections.abc import Iterable

import frappe
from frappe.query_builder.functions import Avg, Count, Sum
from frappe.utils import getdate, now_datetime, nowdate
from pypika.terms import Case

from crm_plus.doctypes import SUPPLIER
from crm_plus.doctypes import SUPPLIER_DELIVERY as DELIVERY
from crm_plus.doctypes import SUPPLIER_QUALITY_EVALUATION as EVALUATION
from crm_plus.integrations.erpnext.suppliers import purchase_figures
from crm_plus.suppliers.score import on_time_rate, rating_band, supplier_score

BATCH = 500
SCORE_FIELDS = (
	"on_time_rate",
	"average_quality",
	"supplier_score",
	"supplier_rating",
	"delivery_count",
	"evaluation_count",
	"score_updated_on",
)


def delivery_status(promised_date, actual_date, today=None) -> tuple[str, int]:
	"""(status, days late) of one delivery."""
	today = getdate(today or nowdate())
	promised = getdate(promised_date)
	if actual_date:
		late = (getdate(actual_date) - promised).days
		return ("Late", late) if late > 0 else ("On Time", 0)
	if promised < today:
		return "Overdue", (today - promised).days
	return "Pending", 0


def mark_overdue_deliveries(today=None) -> None:
	"""Pending deliveries whose promised date has passed become Overdue (one UPDATE)."""
	today = getdate(today or nowdate())
	d = frappe.qb.DocType(DELIVERY)
	(
		frappe.qb.update(d)
		.set(d.delivery_status, "Overdue")
		.where((d.delivery_status == "Pending") & d.actual_date.isnull() & (d.promised_date < today))
		.run()
	)


def _delivery_figures(suppliers: list[str] | None, today) -> dict[str, tuple[int, int]]:
	d = frappe.qb.DocType(DELIVERY)
	on_time = Case().when(d.actual_date.notnull() & (d.actual_date <= d.promised_date), 1).else_(0)
	query = (
		frappe.qb.from_(d)
		.select(d.supplier, Count("*"), Sum(on_time))
		.where(d.actual_date.notnull() | (d.promised_date < today))
		.groupby(d.supplier)
	)
	if suppliers is not None:
		query = query.where(d.supplier.isin(suppliers))
	return {s: (int(counted), int(ok or 0)) for s, counted, ok in query.run()}


def _evaluation_figures(suppliers: list[str] | None) -> dict[str, tuple[int, float]]:
	e = frappe.qb.DocType(EVALUATION)
	query = frappe.qb.from_(e).select(e.supplier, Count("*"), Avg(e.score)).groupby(e.supplier)
	if suppliers is not None:
		query = query.where(e.supplier.isin(suppliers))
	return {s: (int(n), float(avg)) for s, n, avg in query.run()}


def recompute_supplier_scores(suppliers: Iterable[str] | None = None, today=None) -> int:
	"""Recompute the evaluation of `suppliers` (None: every supplier); returns how many were written."""
	today = getdate(today or nowdate())
	if suppliers is not None:
		suppliers = sorted({s for s in suppliers if s})
		if not suppliers:
			return 0
		names = frappe.get_all(SUPPLIER, filters={"name": ("in", suppliers)}, pluck="name")
	else:
		names = frappe.get_all(SUPPLIER, pluck="name", order_by="name")
	deliveries = _delivery_figures(suppliers, today)
	# a supplier linked to ERPNext is judged by its ERPNext purchases, where the site says so
	deliveries.update(purchase_figures(suppliers, today))
	evaluations = _evaluation_figures(suppliers)
	stamp = now_datetime()
	figures = {}
	for name in names:
		counted, on_time = deliveries.get(name, (0, 0))
		evaluated, average = evaluations.get(name, (0, None))
		rate = on_time_rate(on_time, counted)
		score = supplier_score(rate, average)
		# the numeric columns are NOT NULL: "no data" is 0 there, and an empty rating says "not rated"
		figures[name] = {
			"on_time_rate": 0 if rate is None else round(100 * rate, 1),
			"average_quality": 0 if average is None else round(average, 2),
			"supplier_score": score or 0,
			"supplier_rating": rating_band(score),
			"delivery_count": counted,
			"evaluation_count": evaluated,
			"score_updated_on": stamp,
		}
	_write(figures)
	for name in names if suppliers is not None else []:
		frappe.clear_document_cache(SUPPLIER, name)
	return len(figures)


def _write(figures: dict[str, dict]) -> None:
	s = frappe.qb.DocType(SUPPLIER)
	names = list(figures)
	for i in range(0, len(names), BATCH):
		batch = names[i : i + BATCH]
		query = frappe.qb.update(s).where(s.name.isin(batch))
		for field in SCORE_FIELDS:
			case = Case()
			for name in batch:
				case = case.when(s.name == name, figures[name][field])
			query = query.set(s[field], case)
		query.run()


def daily() -> None:
	"""Scheduler (daily): deliveries turn overdue, and every supplier's score follows."""
	mark_overdue_deliveries()
	recompute_supplier_scores()
