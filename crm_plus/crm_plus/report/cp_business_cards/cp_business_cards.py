# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""名片管理: the business cards a user may see, read from the contacts themselves, so a contact added
under a customer is on its rep's card list at once and follows the customer when it changes hands."""

import frappe

from crm_plus.utils.report import report_columns

MAX_ROWS = 5000


@frappe.read_only()  # from the read replica when the site has one (README, "Production")
def execute(filters=None):
	filters = frappe._dict(filters or {})
	return get_columns(), get_data(filters)


def get_columns() -> list[dict]:
	return report_columns("CP Business Cards")


def get_data(filters):
	list_filters = []
	if filters.customer:
		list_filters.append(["Dynamic Link", "link_doctype", "=", "CP Customer"])
		list_filters.append(["Dynamic Link", "link_name", "=", filters.customer])
	or_filters = []
	if filters.search:
		like = f"%{filters.search}%"
		or_filters = [
			["Contact", "full_name", "like", like],
			["Contact", "company_name", "like", like],
			["Contact", "mobile_no", "like", like],
			["Contact", "phone", "like", like],
			["Contact", "email_id", "like", like],
		]
	contacts = frappe.get_list(
		"Contact",
		filters=list_filters,
		or_filters=or_filters,
		fields=[
			"name as contact",
			"full_name",
			"company_name",
			"designation",
			"cp_decision_role",
			"mobile_no",
			"phone",
			"email_id",
			"owner",
		],
		order_by="modified desc",
		limit_page_length=MAX_ROWS,
		distinct=True,
	)
	if not contacts:
		return []

	links = frappe.get_all(
		"Dynamic Link",
		filters={
			"parenttype": "Contact",
			"parent": ("in", [c.contact for c in contacts]),
			"link_doctype": "CP Customer",
		},
		fields=["parent", "link_name"],
		order_by="idx asc",
	)
	customer_of = {}
	for link in links:
		customer_of.setdefault(link.parent, link.link_name)
	owner_of = dict(
		frappe.get_all(
			"CP Customer",
			filters={"name": ("in", list(set(customer_of.values())) or [""])},
			fields=["name", "sales_owner"],
			as_list=True,
		)
	)

	rows = []
	for c in contacts:
		customer = customer_of.get(c.contact)
		if filters.only_mine and (owner_of.get(customer) if customer else c.owner) != frappe.session.user:
			continue
		c.customer = customer
		c.sales_owner = owner_of.get(customer) if customer else c.owner
		del c["owner"]
		rows.append(c)
	return rows
