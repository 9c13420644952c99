# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Competitor comparison: per competitor, the case studies won and lost against it and how its
products are priced against ours (crm_plus.analysis.competitors). View "Products" lists each competing
product with its price index instead."""

import frappe
from frappe import _

from crm_plus.analysis.charts import chart
from crm_plus.analysis.competitors import outcomes, position, price_positions
from crm_plus.utils.report import card, column

PRODUCTS = "Products"


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	if filters.view == PRODUCTS:
		data = get_product_rows(filters)
		return get_product_columns(), data, None, get_product_chart(data), None
	data = get_data(filters)
	return get_columns(), data, None, get_chart(data), get_summary(data)


def get_columns() -> list[dict]:
	return [
		column("competitor", _("Competitor"), "Link", 180, "CP Competitor"),
		column("threat_level", _("Threat Level"), "Data", 100),
		column("cases", _("Case Studies"), "Int", 110),
		column("won", _("Won"), "Int", 80),
		column("lost", _("Lost"), "Int", 80),
		column("withdrew", _("Withdrew"), "Int", 90),
		column("win_rate", _("Win Rate (%)"), "Percent", 110),
		column("products", _("Priced Products"), "Int", 120),
		column("price_index", _("Price Index (ours = 100)"), "Float", 170),
		column("position", _("Price Position"), "Data", 120),
	]


def get_data(filters) -> list[dict]:
	results = outcomes(filters)
	indexes: dict[str, list[float]] = {}
	for row in price_positions(filters.competitor):
		if row.index is not None:
			indexes.setdefault(row.competitor, []).append(row.index)
	competitor_filters = {"name": filters.competitor} if filters.competitor else {}
	rows = []
	for competitor in frappe.get_list(
		"CP Competitor",
		filters=competitor_filters,
		fields=["name", "threat_level"],
		order_by="name asc",
		limit_page_length=0,
	):
		r = results.get(competitor.name) or {}
		won, lost = int(r.get("won") or 0), int(r.get("lost") or 0)
		prices = indexes.get(competitor.name) or []
		index = round(sum(prices) / len(prices), 1) if prices else None
		rows.append(
			frappe._dict(
				competitor=competitor.name,
				threat_level=_(competitor.threat_level) if competitor.threat_level else None,
				cases=int(r.get("cases") or 0),
				won=won,
				lost=lost,
				withdrew=int(r.get("withdrew") or 0),
				win_rate=round(won * 100 / (won + lost), 1) if won + lost else None,
				products=len(prices),
				price_index=index,
				position=_(position(index)) if index is not None else None,
			)
		)
	if not filters.competitor:
		rows = [row for row in rows if row.cases or row.products]
	rows.sort(key=lambda row: (-row.cases, row.competitor))
	return rows


def get_chart(data: list[dict]) -> dict | None:
	data = [row for row in data if row.cases][:15]
	if not data:
		return None
	return chart(
		[row.competitor for row in data],
		[(_("Won"), [row.won for row in data]), (_("Lost"), [row.lost for row in data])],
		colors=["#29cd42", "#e24c4c"],
	)


def get_summary(data: list[dict]) -> list[dict]:
	won, lost = sum(r.won for r in data), sum(r.lost for r in data)
	return [
		card(_("Won"), won, "Int", "Green"),
		card(_("Lost"), lost, "Int", "Red"),
		card(_("Win Rate (%)"), round(won * 100 / (won + lost), 1) if won + lost else 0, "Percent", "Blue"),
	]


def get_product_columns() -> list[dict]:
	return [
		column("competitor", _("Competitor"), "Link", 160, "CP Competitor"),
		column("competing_product", _("Competing Product"), "Link", 130, "CP Competing Product"),
		column("product_name", _("Product Name"), "Data", 180),
		column("price", _("Competitor Price"), "Currency", 130),
		column("our_product", _("Our Product"), "Link", 120, "CP Product"),
		column("our_product_name", _("Our Product Name"), "Data", 180),
		column("our_price", _("Our Price"), "Currency", 120),
		column("index", _("Price Index (ours = 100)"), "Float", 170),
		column("position", _("Price Position"), "Data", 120),
	]


def get_product_rows(filters) -> list[dict]:
	rows = price_positions(filters.competitor)
	for row in rows:
		row.position = _(row.position) if row.position else None
	return rows


def get_product_chart(data: list[dict]) -> dict | None:
	data = [row for row in data if row.index is not None][:20]
	if not data:
		return None
	return chart(
		[row.product_name for row in data], [(_("Price Index (ours = 100)"), [row.index for row in data])]
	)
