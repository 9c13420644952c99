# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Grade distribution (the visible customers by current grade) or, in mode "Movement", the grade changes
of a period: upgrades and downgrades into and out of each grade, first grades (crm_plus.analysis.grades)."""

import frappe
from frappe import _
from frappe.utils import add_months, getdate, nowdate

from crm_plus.analysis.charts import chart
from crm_plus.analysis.grades import distribution, grade_ranks, movement
from crm_plus.utils.report import card, column

MOVEMENT = "Movement"


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.mode == MOVEMENT:
		to_date = getdate(filters.to_date or nowdate())
		from_date = getdate(filters.from_date or add_months(to_date, -3))
		data = get_movement(from_date, to_date, filters)
		return movement_columns(), data, None, movement_chart(data), movement_summary(data)
	data = get_distribution(filters)
	return distribution_columns(), data, None, distribution_chart(data), None


def _ordered_grades() -> list[str]:
	ranks = grade_ranks()
	return sorted(ranks, key=lambda g: (ranks[g] or 0, g))


def distribution_columns() -> list[dict]:
	return [
		column("grade", _("Customer Grade"), "Data", 140),
		column("customers", _("Customers"), "Int", 110),
		column("share", _("Share (%)"), "Percent", 100),
	]


def get_distribution(filters) -> list[dict]:
	counts = distribution(filters)
	total = sum(counts.values()) or 1
	grades = _ordered_grades() + [g for g in counts if g and g not in grade_ranks()]
	rows = [frappe._dict(grade=g, customers=int(counts.get(g, 0))) for g in grades]
	ungraded = int(counts.get(None, 0) or 0) + int(counts.get("", 0) or 0)
	if ungraded:
		rows.append(frappe._dict(grade=_("Not Graded"), customers=ungraded))
	for row in rows:
		row.share = round(row.customers * 100 / total, 2)
	return rows


def distribution_chart(data: list[dict]) -> dict | None:
	if not any(row.customers for row in data):
		return None
	return chart([row.grade for row in data], [(_("Customers"), [row.customers for row in data])], "pie")


def movement_columns() -> list[dict]:
	return [
		column("grade", _("Customer Grade"), "Data", 140),
		column("up_in", _("Upgraded Into"), "Int", 120),
		column("down_in", _("Downgraded Into"), "Int", 130),
		column("first", _("First Graded"), "Int", 110),
		column("up_out", _("Upgraded Out Of"), "Int", 130),
		column("down_out", _("Downgraded Out Of"), "Int", 140),
		column("net", _("Net Change"), "Int", 100),
	]


def get_movement(from_date, to_date, filters) -> list[dict]:
	moves = movement(from_date, to_date, filters)
	grades = _ordered_grades() + sorted(g for g in moves if g not in grade_ranks())
	rows = []
	for grade in grades:
		m = moves.get(grade) or {"up_in": 0, "down_in": 0, "up_out": 0, "down_out": 0, "first": 0}
		net = m["up_in"] + m["down_in"] + m["first"] - m["up_out"] - m["down_out"]
		rows.append(frappe._dict(grade=grade, **m, net=net))
	return rows


def movement_chart(data: list[dict]) -> dict | None:
	return chart(
		[row.grade for row in data],
		[
			(_("Upgraded Into"), [row.up_in for row in data]),
			(_("Downgraded Into"), [row.down_in for row in data]),
		],
		colors=["#29cd42", "#e24c4c"],
	)


def movement_summary(data: list[dict]) -> list[dict]:
	return [
		card(_("Upgrades"), sum(r.up_in for r in data), "Int", "Green"),
		card(_("Downgrades"), sum(r.down_in for r in data), "Int", "Red"),
		card(_("First Graded"), sum(r.first for r in data), "Int", "Blue"),
	]
