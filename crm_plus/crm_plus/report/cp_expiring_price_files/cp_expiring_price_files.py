# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Price files expiring soon: the approved price files the user may see whose validity ends within the
next N days (crm_plus.analysis.price_files, read with frappe.get_list and the price-file rule)."""

import frappe
from frappe import _
from frappe.utils import cint

from crm_plus.analysis.charts import chart
from crm_plus.analysis.price_files import expiring_price_files
from crm_plus.utils.report import card, report_columns

DEFAULT_DAYS = 30
# (upper bound of days left, label) for the chart
BUCKETS = ((7, "Within 7 Days"), (14, "8–14 Days"), (30, "15–30 Days"), (None, "Over 30 Days"))


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	days = cint(filters.days) if filters.days not in (None, "") else DEFAULT_DAYS
	if days < 0:
		frappe.throw(_("Days must not be negative"))
	data = expiring_price_files(days, filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	"""A Link column only to what the user may read: the framework filters a report's rows by the linked
	DocTypes and refuses the report when one is unreadable (a price manager reads no customers)."""
	return [_readable(column) for column in report_columns("CP Expiring Price Files")]


def _readable(column: dict) -> dict:
	if column["fieldtype"] == "Link" and not frappe.has_permission(column["options"], "read"):
		return {**column, "fieldtype": "Data", "options": None}
	return column


def bucket(days_left: int) -> str:
	for upper, label in BUCKETS:
		if upper is None or days_left <= upper:
			return label
	return BUCKETS[-1][1]


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	counts = {label: 0 for _upper, label in BUCKETS}
	for row in data:
		counts[bucket(row.days_left)] += 1
	labels = [label for label, n in counts.items() if n]
	return chart(
		[_(label) for label in labels],
		[(_("Price Files"), [counts[label] for label in labels])],
		colors=["#ffa00a"],
	)


def get_summary(data: list[dict]) -> list[dict]:
	return [
		card(_("Price Files"), len(data), "Int", "Orange"),
		card(_("Within 7 Days"), sum(1 for r in data if r.days_left <= 7), "Int", "Red"),
	]
