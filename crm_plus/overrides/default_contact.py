"""ERPNext's Shipment form asks for a party's default contact by DocType and name, with the caller's read
permission on Contact.

``erpnext.stock.doctype.shipment.shipment.get_contact_name(ref_doctype, docname)`` (ERPNext 15 and 16)
answers the framework's ``get_default_contact`` without any permission check: a rep naming another rep's
CP Customer got the name of its contact (the person's name). Found by the security surface test once it
planted contacts on the customers the rep may not see. The override answers the framework's contact only
when the caller may read it, and nothing otherwise, as for a party without a contact; for every other
party the framework's permissions decide as before.

This module imports ERPNext's: the request handler imports an override only when its path is called,
which happens only where ERPNext is installed (hooks.py; crm_plus.overrides.NOT_EVERYWHERE).
"""

import frappe
from erpnext.stock.doctype.shipment import shipment

from crm_plus.overrides import Call, extends


@extends(shipment.get_contact_name)
def get_contact_name(call: Call):
	contact = call.original()
	if contact and not frappe.has_permission("Contact", "read", contact):
		return None
	return contact
