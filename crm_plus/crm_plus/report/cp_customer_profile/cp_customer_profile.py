# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""客户画像: the customers the user may see, counted by industry, region, grade, source, category or
lifetime amount band (crm_plus.analysis.profile), with a pie chart (bar when there are many values)."""

import frappe
from frappe import _

from crm_plus.analysis.charts import chart
from crm_plus.analysis.profile import DIMENSIONS, band_order, customer_profile
from crm_plus.utils.report import card, column

PIE_MAX_SLICES = 8


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	dimension = filters.dimension if filters.dimension in DIMENSIONS else "industry"
	data = get_data(dimension, filters)
	return get_columns(dimension), data, None, get_chart(data), get_summary(data)


def get_columns(dimension: str) -> list[dict]:
	return [
		column("value", _(DIMENSIONS[dimension]), "Data", 200),
		column("customers", _("Customers"), "Int", 110),
		column("share", _("Share (%)"), "Percent", 100),
		column("orders", _("Orders"), "Int", 100),
		column("amount", _("Lifetime Order Amount"), "Currency", 170),
		column("average", _("Average per Customer"), "Currency", 160),
	]


def get_data(dimension: str, filters) -> list[dict]:
	rows = customer_profile(dimension, filters)
	total = sum(row.customers for row in rows) or 1
	if dimension == "amount_band":
		order = band_order()
		rows.sort(key=lambda row: order.index(row.value))
	for row in rows:
		if dimension == "amount_band":
			row.value = _(row.value)
		elif row.value is None or row.value == "":
			row.value = _("Not Set")
		row.customers = int(row.customers)
		row.orders = int(row.orders or 0)
		row.amount = float(row.amount or 0)
		row.share = round(row.customers * 100 / total, 2)
		row.average = round(row.amount / row.customers, 2) if row.customers else 0
	return rows


def get_chart(data: list[dict]) -> dict | None:
	return chart(
		[row.value for row in data],
		[(_("Customers"), [row.customers for row in data])],
		"pie" if len(data) <= PIE_MAX_SLICES else "bar",
	)


def get_summary(data: list[dict]) -> list[dict]:
	return [
		card(_("Customers"), sum(r.customers for r in data), "Int", "Blue"),
		card(_("Lifetime Order Amount"), sum(r.amount for r in data), "Currency", "Green"),
	]
