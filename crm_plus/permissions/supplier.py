"""Who may see suppliers: purchasing, sales managers, CRM administrators and System Managers (README,
"Follow-ups, orders, contracts, complaints, suppliers").

Suppliers are not owned by a sales rep; their visibility is the DocType's role permissions (CP Supplier,
CP Supplier Delivery, CP Supplier Quality Evaluation grant nothing to CP Sales Rep). Records that belong
to a supplier elsewhere (its contacts, addresses and follow-ups) ask the questions below, so they follow
whatever those permissions say.
"""

import frappe

SUPPLIER = "CP Supplier"


def may_read_suppliers(user: str | None = None) -> bool:
	"""Whether `user`'s roles let them read suppliers at all."""
	return bool(frappe.has_permission(SUPPLIER, "read", user=user or frappe.session.user))


def can_see_supplier(supplier: str | None, user: str | None = None, ptype: str = "read") -> bool:
	if not supplier:
		return False
	return bool(frappe.has_permission(SUPPLIER, ptype, doc=supplier, user=user or frappe.session.user))
