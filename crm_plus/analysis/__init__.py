"""Analysis (销售分析与预测, SPEC §10): the set-based queries behind the CP analysis reports.

Every query here reads customers through ``scope`` (crm_plus.permissions.customer.customer_condition),
so a sales rep's figures cover only their own and shared customers, a manager's their team's and the
pool, a CRM administrator's everything. One SQL statement per figure set, never a query per record.
The reports in crm_plus/crm_plus/report/cp_* only shape these rows into columns, charts and summaries.

An order *counts* as a sale when its status is in crm_plus.orders.COUNTED_STATUSES; its amount is
``total_amount`` and its date ``order_date``. Customer attributes (owner, grade, region ...) are the
current ones.
"""

import frappe
from frappe.utils import getdate

from crm_plus.orders import COUNTED_STATUSES
from crm_plus.permissions.customer import customer_condition

MONTH, QUARTER, YEAR = "Month", "Quarter", "Year"
PERIODS = (MONTH, QUARTER, YEAR)


def scope(user: str | None = None, alias: str = "c") -> str:
	"""SQL condition on the customer table `alias`: the customers `user` may see ("1=1" for all)."""
	return customer_condition(user or frappe.session.user, table=f"`{alias}`") or "1=1"


def counted_statuses_sql() -> str:
	return ", ".join(frappe.db.escape(s) for s in COUNTED_STATUSES)


def period_key(column: str, period: str) -> str:
	"""SQL giving the period label of a date `column`: 2026-03, 2026-Q1 or 2026 (sortable as text)."""
	if period == QUARTER:
		return f"concat(year({column}), '-Q', quarter({column}))"
	if period == YEAR:
		return f"cast(year({column}) as char)"
	return f"date_format({column}, '%%Y-%%m')"


def period_of(day, period: str) -> str:
	"""The label period_key gives to the date `day` (Python side)."""
	day = getdate(day)
	if period == QUARTER:
		return f"{day.year}-Q{(day.month - 1) // 3 + 1}"
	if period == YEAR:
		return str(day.year)
	return f"{day.year}-{day.month:02d}"


def periods_between(start, end, period: str) -> list[str]:
	"""Every period label from the one holding `start` to the one holding `end`, in order."""
	start, end = getdate(start), getdate(end)
	step = {MONTH: 1, QUARTER: 3, YEAR: 12}[period]
	year, month = start.year, start.month
	month -= (month - 1) % step
	labels = []
	while (year, month) <= (end.year, end.month):
		labels.append(period_of(f"{year}-{month:02d}-01", period))
		month += step
		if month > 12:
			year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
	return labels


def customer_filter_sql(filters, alias: str = "c") -> tuple[str, dict]:
	"""Conditions on the customer `alias` for the common report filters (sales_owner, team, grade,
	region, industry), with their values; always combined with ``scope``."""
	conditions, values = [], {}
	if filters.get("sales_owner"):
		conditions.append(f"`{alias}`.`sales_owner` = %(sales_owner)s")
		values["sales_owner"] = filters.get("sales_owner")
	if filters.get("team"):
		conditions.append(
			f"`{alias}`.`sales_owner` in (select `user` from `tabCP Sales Team Member`"
			" where `parenttype` = 'CP Sales Team' and `parent` = %(team)s)"
		)
		values["team"] = filters.get("team")
	for field in ("grade", "region", "industry"):
		if filters.get(field):
			conditions.append(f"`{alias}`.`{field}` = %({field})s")
			values[field] = filters.get(field)
	return " and ".join(conditions) or "1=1", values


def amount_bar_chart(labels: list, amounts: list) -> dict | None:
	"""The bar chart of order amounts several reports draw (None when there is nothing to draw)."""
	from frappe import _

	if not labels:
		return None
	return {
		"data": {"labels": labels, "datasets": [{"name": _("Order Amount"), "values": amounts}]},
		"type": "bar",
		"fieldtype": "Currency",
	}


def sales_summary(data: list[dict]) -> list[dict]:
	"""Report summary cards: the total order amount, orders and follow-ups of `data`'s rows."""
	from frappe import _

	return [
		{
			"label": _("Order Amount"),
			"value": sum(r.amount for r in data),
			"datatype": "Currency",
			"indicator": "Green",
		},
		{"label": _("Orders"), "value": sum(r.orders for r in data), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Follow-ups"),
			"value": sum(r.follow_ups for r in data),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
