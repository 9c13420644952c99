# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Sales trend: order amount and count by month, quarter or year of the customers the user may see,
with the follow-ups of the same customers in each period (crm_plus.analysis.trend)."""

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, getdate, nowdate

from crm_plus.analysis import MONTH, PERIODS, amount_bar_chart, periods_between, sales_summary
from crm_plus.analysis.trend import trend_by_period
from crm_plus.utils.report import report_columns


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	period, from_date, to_date = dates(filters)
	data = get_data(period, from_date, to_date, filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def dates(filters) -> tuple[str, object, object]:
	period = filters.period if filters.period in PERIODS else MONTH
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or add_months(get_first_day(to_date), -11))
	if from_date > to_date:
		frappe.throw(_("From Date must be before To Date"))
	return period, from_date, to_date


def get_columns() -> list[dict]:
	return report_columns("CP Sales Trend")


def get_data(period: str, from_date, to_date, filters) -> list[dict]:
	sales, follow_ups = trend_by_period(period, from_date, to_date, filters)
	rows = []
	for label in periods_between(from_date, to_date, period):
		s = sales.get(label) or {}
		orders, amount = int(s.get("orders") or 0), float(s.get("amount") or 0)
		rows.append(
			frappe._dict(
				period=label,
				orders=orders,
				amount=amount,
				customers=int(s.get("customers") or 0),
				average=round(amount / orders, 2) if orders else 0,
				follow_ups=int(follow_ups.get(label) or 0),
			)
		)
	return rows


def get_chart(data: list[dict]) -> dict | None:
	return amount_bar_chart([row.period for row in data], [row.amount for row in data])


def get_summary(data: list[dict]) -> list[dict]:
	return sales_summary(data)
