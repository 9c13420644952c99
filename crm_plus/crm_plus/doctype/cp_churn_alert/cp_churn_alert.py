# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document

from crm_plus.churn import CLOSED, open_key


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
		self.set_open_key()

	def set_open_key(self):
		"""The unique key that keeps one open alert per customer and cause (crm_plus.churn)."""
		self.open_key = None if self.status == CLOSED else open_key(self.customer, self.cause)
