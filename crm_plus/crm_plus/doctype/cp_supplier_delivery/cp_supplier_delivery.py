# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, today

from crm_plus.exceptions import FutureDateError, InvalidOrderLineError
from crm_plus.suppliers.rating import delivery_status, recompute_supplier_scores


class CPSupplierDelivery(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		actual_date: DF.Date | None
		amount: DF.Currency
		days_late: DF.Int
		delivery_status: DF.Literal["Pending", "Overdue", "On Time", "Late"]
		description: DF.Data
		note: DF.SmallText | None
		order: DF.Link | None
		promised_date: DF.Date
		supplier: DF.Link
		supplier_name: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.validate_actual_date()
		self.validate_amount()
		self.delivery_status, self.days_late = delivery_status(self.promised_date, self.actual_date)

	def on_update(self):
		self.recompute_scores()

	def after_delete(self):
		self.recompute_scores()

	def validate_actual_date(self):
		"""What has been delivered was delivered by today."""
		if self.actual_date and getdate(self.actual_date) > getdate(today()):
			frappe.throw(
				_(
					"The actual delivery date {0} is in the future; leave it empty until the goods arrive."
				).format(frappe.bold(frappe.format(self.actual_date, "Date"))),
				FutureDateError,
				title=_("Invalid Delivery Date"),
			)

	def validate_amount(self):
		if flt(self.amount) < 0:
			frappe.throw(
				_("The delivery amount cannot be negative."), InvalidOrderLineError, title=_("Invalid Amount")
			)

	def recompute_scores(self):
		"""The supplier's score (and, when the delivery moved, the previous supplier's) follows."""
		before = self.get_doc_before_save()
		recompute_supplier_scores({self.supplier, before.supplier if before else None})
