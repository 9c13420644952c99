"""ERPNext 16's primary-contact picker of the Customer form, with the caller's read permission on Contact.

``erpnext.selling.doctype.customer.customer.get_customer_primary_contact`` (new in ERPNext 16; ERPNext 15
has no such method) answers the contacts (name, e-mail address) linked to the customer named in its
filters with a query of its own: without the caller's permissions, and matching a Dynamic Link of that
name whatever DocType it links to. A rep naming another rep's CP Customer got that customer's contacts.
The override answers the framework's rows less the contacts the caller may not read: for contacts of
crm_plus's customers crm_plus's rules decide, for every other contact the framework's permissions, so
users of ERPNext's own customers get the answer they got before.

This module imports ERPNext's: the request handler imports an override only when its path is called,
which happens only where the method exists (hooks.py; crm_plus.overrides.NOT_EVERYWHERE).
"""

import frappe
from erpnext.selling.doctype.customer import customer

from crm_plus.overrides import Call, extends


@extends(customer.get_customer_primary_contact)
def get_customer_primary_contact(call: Call):
	return [row for row in call.original() or [] if frappe.has_permission("Contact", "read", row[0])]
