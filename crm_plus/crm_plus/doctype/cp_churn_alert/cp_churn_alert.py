# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from crm_plus.churn import ACKNOWLEDGED, CLOSED, OPEN, open_key
from crm_plus.exceptions import ChurnAlertError

ACKNOWLEDGEMENT_FIELDS = ("status", "acknowledged_by", "acknowledged_on")


class CPChurnAlert(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledged_by: DF.Link | None
		acknowledged_on: DF.Datetime | None
		cause: DF.Literal["No Order", "Unresolved Complaint", "No Follow-up", "Grade Dropped"]
		closed_on: DF.Datetime | None
		customer: DF.Link
		customer_name: DF.Data | None
		days: DF.Int
		escalated_on: DF.Datetime | None
		escalated_to: DF.Link | None
		open_key: DF.Data | None
		raised_on: DF.Datetime | None
		sales_owner: DF.Link | None
		since: DF.Date | None
		status: DF.Literal["Open", "Acknowledged", "Closed"]
	# end: auto-generated types

	def validate(self):
		self.allow_only_acknowledgement()
		self.set_open_key()

	def allow_only_acknowledgement(self):
		"""Alerts are raised, updated, closed and escalated by the churn scan (crm_plus.churn); a user can
		only acknowledge an open one, which records who did it and when."""
		before = self.get_doc_before_save()
		if self.is_new() or not before:
			return
		changed = [
			df.fieldname
			for df in self.meta.fields
			if df.fieldname not in ACKNOWLEDGEMENT_FIELDS
			and self.get(df.fieldname) != before.get(df.fieldname)
		]
		acknowledged = before.status == OPEN and self.status == ACKNOWLEDGED
		if changed or (self.status != before.status and not acknowledged):
			frappe.throw(
				_("Churn alerts are kept by the churn scan; you can only acknowledge an open one."),
				ChurnAlertError,
				title=_("Not Allowed"),
			)
		if acknowledged:
			self.acknowledged_by = frappe.session.user
			self.acknowledged_on = now_datetime()
		else:
			self.acknowledged_by, self.acknowledged_on = before.acknowledged_by, before.acknowledged_on

	def set_open_key(self):
		"""The unique key that keeps one open alert per customer and cause (crm_plus.churn)."""
		self.open_key = None if self.status == CLOSED else open_key(self.customer, self.cause)


def on_doctype_update():
	# open alerts of the customers a user may see (workspace card, rep performance report)
	frappe.db.add_index("CP Churn Alert", ["customer", "status"])
