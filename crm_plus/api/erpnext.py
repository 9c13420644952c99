"""Whitelisted: link customers, suppliers and products to ERPNext (only where ERPNext is installed)."""

import frappe
from frappe import _

from crm_plus.doctypes import CUSTOMER, SUPPLIER
from crm_plus.integrations.erpnext import ensure_erpnext
from crm_plus.integrations.erpnext.bulk import KINDS, enqueue_link_in_bulk
from crm_plus.integrations.erpnext.parties import link_party
from crm_plus.permissions.roles import is_crm_admin


@frappe.whitelist(methods=["POST"])
def link_customer(customer: str) -> str:
	frappe.has_permission(CUSTOMER, "write", doc=customer, throw=True)
	return link_party(CUSTOMER, customer)


@frappe.whitelist(methods=["POST"])
def link_supplier(supplier: str) -> str:
	frappe.has_permission(SUPPLIER, "write", doc=supplier, throw=True)
	return link_party(SUPPLIER, supplier)


@frappe.whitelist(methods=["POST"])
def link_in_bulk(what: str) -> dict:
	"""Link every unlinked customer ("customers") or product ("products") to ERPNext, in the background;
	the report comes to the requester's bell."""
	if not is_crm_admin():
		frappe.throw(
			_("Only CRM administrators may link records to ERPNext in bulk."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if what not in KINDS:
		frappe.throw(
			_("Link customers or products, not {0}.").format(frappe.bold(what)), title=_("Unknown Kind")
		)
	ensure_erpnext()
	queued = enqueue_link_in_bulk(what, frappe.session.user)
	return {"queued": queued}
