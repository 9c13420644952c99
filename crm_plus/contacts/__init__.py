"""Contacts of customers and suppliers: Frappe's core Contact, linked to CP Customer / CP Supplier by
Dynamic Link.

A contact added under a customer shows in the owning rep's business cards (名片管理, the report
"CP Business Cards") without retyping: the card list reads the contacts themselves.
"""

import frappe

from crm_plus.permissions.contact import PARTY_DOCTYPES
from crm_plus.utils.validation import validate_email, validate_phone

# party DocType -> its company-name field
PARTY_NAME_FIELDS = {"CP Customer": "customer_name", "CP Supplier": "supplier_name"}


def linked_parties(doc) -> list[tuple[str, str]]:
	return [(l.link_doctype, l.link_name) for l in doc.get("links") or [] if l.link_doctype in PARTY_DOCTYPES]


def validate_contact(doc, method=None) -> None:
	"""doc_events Contact.validate: contacts of crm_plus parties get strict phone / email checks and
	their company name from the customer or supplier."""
	parties = linked_parties(doc)
	if not parties:
		return
	for row in doc.get("phone_nos") or []:
		validate_phone(row.phone, "Phone")
	for row in doc.get("email_ids") or []:
		validate_email(row.email_id, "Email")
	if not doc.company_name:
		doctype, name = parties[0]
		doc.company_name = frappe.db.get_value(doctype, name, PARTY_NAME_FIELDS[doctype])
