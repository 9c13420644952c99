# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from crm_plus.exceptions import FollowUpDateError, FutureDateError, PartyMismatchError
from crm_plus.follow_ups import PARTIES, refresh_last_follow_up_dates


class CPFollowUp(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contact: DF.Link | None
		contact_name: DF.Data | None
		content: DF.Text
		customer: DF.Link | None
		follow_up_date: DF.Date
		follow_up_owner: DF.Link
		follow_up_type: DF.Literal["Call", "Email", "Meeting", "Visit", "Other"]
		next_follow_up_date: DF.Date | None
		next_step: DF.SmallText | None
		party_name: DF.Data | None
		party_type: DF.Literal["Customer", "Supplier"]
		reminder_sent_for: DF.Date | None
		supplier: DF.Link | None
	# end: auto-generated types

	def validate(self):
		self.infer_party_type()
		self.validate_party()
		self.set_party_name()
		self.validate_contact()
		self.validate_dates()

	def on_update(self):
		self.refresh_parties()

	def after_delete(self):
		self.refresh_parties()

	def infer_party_type(self):
		"""A follow-up started from a supplier (REST, the supplier's dashboard) names only the supplier."""
		if self.supplier and not self.customer:
			self.party_type = "Supplier"
		elif self.customer and not self.supplier:
			self.party_type = "Customer"

	def validate_party(self):
		"""Exactly one party: the customer of a customer follow-up, or the supplier of a supplier one."""
		field, _doctype = PARTIES[self.party_type]
		other_field = "supplier" if field == "customer" else "customer"
		if not self.get(field):
			frappe.throw(
				_("Choose the {0} this follow-up is about.").format(_(self.party_type)),
				PartyMismatchError,
				title=_("Missing Party"),
			)
		if self.get(other_field):
			frappe.throw(
				_(
					"A follow-up is about one party only: this one is about {0} {1}, so leave {2} empty."
				).format(_(self.party_type), frappe.bold(self.get(field)), _(other_field.title())),
				PartyMismatchError,
				title=_("Two Parties"),
			)

	def set_party_name(self):
		field, doctype = PARTIES[self.party_type]
		name_field = "customer_name" if doctype == "CP Customer" else "supplier_name"
		self.party_name = frappe.db.get_value(doctype, self.get(field), name_field)

	def validate_contact(self):
		"""The contact person must be a contact of the party."""
		if not self.contact:
			return
		field, doctype = PARTIES[self.party_type]
		linked = frappe.db.exists(
			"Dynamic Link",
			{
				"parenttype": "Contact",
				"parent": self.contact,
				"link_doctype": doctype,
				"link_name": self.get(field),
			},
		)
		if not linked:
			frappe.throw(
				_("Contact {0} is not a contact of {1}.").format(
					frappe.bold(self.contact_name or self.contact), frappe.bold(self.party_name)
				),
				PartyMismatchError,
				title=_("Wrong Contact"),
			)

	def validate_dates(self):
		"""A follow-up records what happened: it cannot be dated in the future, and what comes next
		cannot come before it."""
		if getdate(self.follow_up_date) > getdate(today()):
			frappe.throw(
				_(
					"The follow-up date {0} is in the future. Record what has happened; plan the next contact"
					" with the next follow-up date."
				).format(frappe.bold(frappe.format(self.follow_up_date, "Date"))),
				FutureDateError,
				title=_("Invalid Follow-up Date"),
			)
		if self.next_follow_up_date and getdate(self.next_follow_up_date) < getdate(self.follow_up_date):
			frappe.throw(
				_("The next follow-up date {0} is before the follow-up date {1}.").format(
					frappe.bold(frappe.format(self.next_follow_up_date, "Date")),
					frappe.bold(frappe.format(self.follow_up_date, "Date")),
				),
				FollowUpDateError,
				title=_("Invalid Follow-up Date"),
			)

	def refresh_parties(self):
		"""Keep the last follow-up date of this party (and of the party it moved away from) current."""
		parties = {(self.party_type, self.get(PARTIES[self.party_type][0]))}
		before = self.get_doc_before_save()
		if before and before.party_type in PARTIES:
			parties.add((before.party_type, before.get(PARTIES[before.party_type][0])))
		for party_type in PARTIES:
			names = [name for pt, name in parties if pt == party_type and name]
			if names:
				refresh_last_follow_up_dates(party_type, names)


def on_doctype_update():
	# the analysis reports count a customer's follow-ups by date and owner, driven from the customers
	# the user may see (crm_plus/analysis): answered from this index without reading the rows
	frappe.db.add_index("CP Follow Up", ["customer", "party_type", "follow_up_date", "follow_up_owner"])
