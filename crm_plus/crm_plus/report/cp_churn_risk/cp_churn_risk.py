# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""客户流失风险: the open churn alerts (crm_plus.churn) the user may see, with the customer's grade and
owner, and a chart of the alerts by cause. Read with frappe.get_list, so the customer visibility rule
applies (a rep sees their own and shared customers' alerts, a manager their team's)."""

from collections import Counter

import frappe
from frappe import _

from crm_plus.analysis.charts import chart
from crm_plus.churn import ALERT, CAUSES, OPEN_STATUSES
from crm_plus.utils.report import card, report_columns

MAX_ROWS = 20_000


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return report_columns("CP Churn Risk")


def get_data(filters) -> list[dict]:
	list_filters = {"status": ("in", OPEN_STATUSES)}
	if filters.status in OPEN_STATUSES:
		list_filters["status"] = filters.status
	if filters.cause in CAUSES:
		list_filters["cause"] = filters.cause
	if filters.sales_owner:
		list_filters["sales_owner"] = filters.sales_owner
	if filters.escalated:
		list_filters["escalated_on"] = ("is", "set")
	alerts = frappe.get_list(
		ALERT,
		filters=list_filters,
		fields=[
			"name as alert",
			"customer",
			"customer_name",
			"cause",
			"days",
			"since",
			"sales_owner",
			"status",
			"raised_on",
			"escalated_to",
		],
		order_by="days desc, customer asc",
		limit_page_length=MAX_ROWS,
	)
	grades = _grades({a.customer for a in alerts})
	rows = []
	for alert in alerts:
		alert.grade = grades.get(alert.customer)
		if filters.grade and alert.grade != filters.grade:
			continue
		alert.cause = _(alert.cause)
		alert.status = _(alert.status, context=ALERT)
		rows.append(alert)
	return rows


def _grades(customers: set[str]) -> dict[str, str]:
	"""The current grade of each customer (all of them are visible: their alerts are)."""
	names = sorted(customers)
	grades = {}
	for i in range(0, len(names), 5_000):
		grades.update(
			dict(
				frappe.get_list(
					"CP Customer",
					filters={"name": ("in", names[i : i + 5_000])},
					fields=["name", "grade"],
					as_list=True,
					limit_page_length=0,
				)
			)
		)
	return grades


def get_chart(data: list[dict]) -> dict | None:
	if not data:
		return None
	counts = Counter(row.cause for row in data)
	labels = [_(cause) for cause in CAUSES if counts.get(_(cause))]
	return chart(labels, [(_("Churn Alerts"), [counts[l] for l in labels])], colors=["#e24c4c"])


def get_summary(data: list[dict]) -> list[dict]:
	escalated = sum(1 for row in data if row.escalated_to)
	return [
		card(_("Churn Alerts"), len(data), "Int", "Red"),
		card(_("Customers at Risk"), len({row.customer for row in data}), "Int", "Orange"),
		card(_("Escalated"), escalated, "Int", "Blue"),
	]
