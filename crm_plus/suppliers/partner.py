"""A company that is both customer and supplier is one partner (README, "Follow-ups, orders, contracts, complaints, suppliers").

The supplier record holds the link (CP Supplier.customer, unique: a customer is the partner of at most
one supplier). Both forms show it: the supplier form in its Partner section, the customer form through
its dashboard ("Partner") and a headline (``customer_onload`` sends the supplier to the form).
"""

import frappe
from frappe import _

from crm_plus.doctypes import SUPPLIER
from crm_plus.exceptions import PartnerLinkError
from crm_plus.permissions.customer import can_see_customer
from crm_plus.permissions.supplier import can_see_supplier


def partner_supplier(customer: str) -> dict | None:
	return frappe.db.get_value(SUPPLIER, {"customer": customer}, ["name", "supplier_name"], as_dict=True)


def customer_onload(doc, method=None) -> None:
	"""CP Customer's onload: the supplier record of the same company, for the form's
	headline. Users who may not open suppliers still learn that the customer is also a supplier."""
	supplier = partner_supplier(doc.name)
	if supplier:
		supplier["can_open"] = can_see_supplier(supplier.name)
	doc.set_onload("cp_partner_supplier", supplier)


def validate_partner_customer(supplier) -> None:
	"""The customer a supplier is linked to: one the user may see, and no other supplier's partner."""
	if not supplier.customer:
		return
	if supplier.has_value_changed("customer") and not can_see_customer(supplier.customer):
		frappe.throw(
			_("You may not link supplier {0} to customer {1}: you cannot see that customer.").format(
				frappe.bold(supplier.supplier_name), frappe.bold(supplier.customer)
			),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	other = frappe.db.get_value(
		SUPPLIER,
		{"customer": supplier.customer, "name": ("!=", supplier.name)},
		["name", "supplier_name"],
		as_dict=True,
	)
	if other:
		frappe.throw(
			_("Customer {0} is already the partner of supplier {1} ({2}).").format(
				frappe.bold(supplier.customer_name or supplier.customer),
				frappe.bold(other.supplier_name),
				other.name,
			),
			PartnerLinkError,
			title=_("Already Linked"),
		)
