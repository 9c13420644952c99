# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Rep performance: per sales rep the customers owned, new customers, follow-ups, orders and amount in
the period and the open churn alerts (crm_plus.analysis.performance). A rep sees their own row, a manager
their team's reps, a CRM administrator every owner; the figures cover only customers the viewer may see."""

import frappe
from frappe import _
from frappe.utils import get_fullname, get_year_start, getdate, nowdate

from crm_plus.analysis import amount_bar_chart, sales_summary
from crm_plus.analysis.performance import rep_performance
from crm_plus.utils.report import card, report_columns


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	to_date = getdate(filters.to_date or nowdate())
	from_date = getdate(filters.from_date or get_year_start(to_date))
	if from_date > to_date:
		frappe.throw(_("From Date must be before To Date"))
	data = get_data(from_date, to_date, filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return report_columns("CP Rep Performance")


def get_data(from_date, to_date, filters) -> list[dict]:
	figures = rep_performance(from_date, to_date, team=filters.team)
	if filters.sales_owner:
		figures = {k: v for k, v in figures.items() if k == filters.sales_owner}
	rows = [frappe._dict(rep=rep, rep_name=get_fullname(rep), **values) for rep, values in figures.items()]
	rows.sort(key=lambda row: (-row.amount, row.rep))
	return rows


def get_chart(data: list[dict]) -> dict | None:
	data = data[:20]
	return amount_bar_chart([row.rep_name for row in data], [row.amount for row in data])


def get_summary(data: list[dict]) -> list[dict]:
	return [
		*sales_summary(data),
		card(_("Open Churn Alerts"), sum(r.churn_alerts for r in data), "Int", "Red"),
	]
