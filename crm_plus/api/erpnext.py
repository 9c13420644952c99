"""Whitelisted: link a customer or supplier to ERPNext (only where ERPNext is installed)."""

import frappe

from crm_plus.integrations.erpnext import link_party


@frappe.whitelist(methods=["POST"])
def link_customer(customer: str) -> str:
	frappe.has_permission("CP Customer", "write", doc=customer, throw=True)
	return link_party("CP Customer", customer)


@frappe.whitelist(methods=["POST"])
def link_supplier(supplier: str) -> str:
	frappe.has_permission("CP Supplier", "write", doc=supplier, throw=True)
	return link_party("CP Supplier", supplier)
