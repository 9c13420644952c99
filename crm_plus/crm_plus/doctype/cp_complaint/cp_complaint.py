# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from crm_plus.exceptions import ComplaintResolutionError, FutureDateError, PartyMismatchError

RESOLVED = "Resolved"


class CPComplaint(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		category: DF.Literal[
			"Product Quality", "Delivery", "Service", "Price", "Billing", "Suggestion", "Other"
		]
		complaint_date: DF.Date
		customer: DF.Link
		customer_name: DF.Data | None
		description: DF.Text
		handled_by: DF.Link
		order: DF.Link | None
		resolution_date: DF.Date | None
		resolution_note: DF.Text | None
		status: DF.Literal["Open", "In Progress", "Resolved"]
		subject: DF.Data
	# end: auto-generated types

	def validate(self):
		self.validate_complaint_date()
		self.validate_order()
		self.set_resolution()

	def validate_complaint_date(self):
		if getdate(self.complaint_date) > getdate(today()):
			frappe.throw(
				_("The feedback date {0} is in the future.").format(
					frappe.bold(frappe.format(self.complaint_date, "Date"))
				),
				FutureDateError,
				title=_("Invalid Date", context="CRM Plus"),
			)

	def validate_order(self):
		if self.order and frappe.db.get_value("CP Order", self.order, "customer") != self.customer:
			frappe.throw(
				_("Order {0} is not an order of {1}.").format(
					frappe.bold(self.order), frappe.bold(self.customer_name or self.customer)
				),
				PartyMismatchError,
				title=_("Wrong Order"),
			)

	def set_resolution(self):
		"""A resolved complaint has a resolution note and a resolution date (today unless given), on or
		after the day it was raised and not in the future; an open one has no resolution date."""
		if self.status != RESOLVED:
			self.resolution_date = None
			return
		if not (self.resolution_note or "").strip():
			frappe.throw(
				_("Describe how complaint {0} was resolved before marking it resolved.").format(
					frappe.bold(self.subject)
				),
				ComplaintResolutionError,
				title=_("Resolution Note Missing"),
			)
		self.resolution_date = self.resolution_date or today()
		resolved, raised = getdate(self.resolution_date), getdate(self.complaint_date)
		if resolved < raised or resolved > getdate(today()):
			frappe.throw(
				_("The resolution date {0} must lie between the feedback date {1} and today.").format(
					frappe.bold(frappe.format(self.resolution_date, "Date")),
					frappe.bold(frappe.format(self.complaint_date, "Date")),
				),
				ComplaintResolutionError,
				title=_("Invalid Resolution Date"),
			)
