# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""公海: the unassigned customers, with the few fields a rep needs to decide whether to claim one
(no contacts, phones or remarks), for every sales user — reps cannot open pool customers otherwise."""

import frappe
from frappe import _

from crm_plus.allocation.pool import (
	MAX_PAGE_LENGTH,
	POOL_FILTERS,
	check_can_view_pool,
	holding,
	pool_customers,
)
from crm_plus.utils.report import column


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	check_can_view_pool(frappe.session.user)
	filters = frappe._dict(filters or {})
	result = pool_customers(
		{f: filters.get(f) for f in POOL_FILTERS}, search=filters.get("search"), page_length=MAX_PAGE_LENGTH
	)
	return get_columns(), result["customers"], get_message(result)


def get_message(result) -> str:
	shown, total = len(result["customers"]), result["total"]
	mine = holding(frappe.session.user)
	parts = [_("{0} unassigned customers match.").format(total)]
	if total > shown:
		parts.append(_("Showing the first {0}; narrow the filters to see the others.").format(shown))
	if mine["limit"]:
		parts.append(_("You hold {0} of at most {1} customers.").format(mine["holds"], mine["limit"]))
	return " ".join(parts)


def get_columns():
	def link(fieldname, label, options, width=120):
		return column(fieldname, label, "Link", width, options)

	return [
		column("name", _("Customer Code"), "Data", 130),
		column("customer_name", _("Customer Name"), "Data", 240),
		link("customer_category", _("Customer Category"), "CP Customer Category"),
		link("customer_source", _("Customer Source"), "CP Customer Source"),
		link("region", _("Region"), "CP Region", 100),
		link("industry", _("Industry"), "CP Industry"),
		link("grade", _("Customer Grade"), "CP Customer Grade", 100),
		column("last_follow_up_date", _("Last Follow-up Date"), "Date", 130),
	]
