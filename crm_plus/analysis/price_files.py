"""Price files expiring soon: the approved (in force) customer price files whose validity ends within
the next N days, read with frappe.get_list so the price-file rule applies (crm_plus.permissions.price_file:
a sales manager does not see the files of their team unless shared)."""

import frappe
from frappe.utils import add_days, date_diff, getdate, nowdate

from crm_plus.doctypes import PRICE_FILE

IN_FORCE = "Approved"
MAX_ROWS = 20_000


def expiring_price_files(days: int, filters=None) -> list[dict]:
	filters = filters or {}
	today = getdate(nowdate())
	list_filters = {"status": IN_FORCE, "valid_to": ("between", [today, add_days(today, int(days))])}
	if filters.get("customer"):
		list_filters["customer"] = filters["customer"]
	rows = frappe.get_list(
		PRICE_FILE,
		filters=list_filters,
		fields=[
			"name as price_file",
			"customer",
			"customer_name",
			"title",
			"version",
			"valid_from",
			"valid_to",
			"contract",
		],
		order_by="valid_to asc, name asc",
		limit_page_length=MAX_ROWS,
	)
	owners = _owners({row.customer for row in rows})
	for row in rows:
		row.days_left = date_diff(row.valid_to, today)
		row.sales_owner = owners.get(row.customer)
	return rows


def _owners(customers: set[str]) -> dict[str, str]:
	"""The sales owner of each customer the user may see (a price file may be shared with a user who
	does not see its customer: no owner shown then)."""
	if not customers or not frappe.has_permission("CP Customer", "read"):
		return {}  # a price manager reads price files but not customers
	return dict(
		frappe.get_list(
			"CP Customer",
			filters={"name": ("in", sorted(customers))},
			fields=["name", "sales_owner"],
			as_list=True,
			limit_page_length=0,
		)
	)
