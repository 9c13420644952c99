# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from crm_plus.exceptions import InvalidDateRangeError
from crm_plus.library.contract_terms import fill_terms_from_template


class CPContract(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		contract_no: DF.Data
		contract_template: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		end_date: DF.Date
		signed_date: DF.Date | None
		signed_file: DF.Attach | None
		start_date: DF.Date
		status: DF.Literal["Draft", "Active", "Expired", "Terminated"]
		terms: DF.TextEditor | None
	# end: auto-generated types

	def before_validate(self):
		fill_terms_from_template(self)

	def validate(self):
		self.validate_dates()
		self.validate_amount()

	def validate_dates(self):
		if self.start_date and self.end_date and getdate(self.end_date) < getdate(self.start_date):
			frappe.throw(
				_("Contract {0}: the end date {1} is before the start date {2}.").format(
					frappe.bold(self.contract_no), self.end_date, self.start_date
				),
				InvalidDateRangeError,
				title=_("Invalid Dates"),
			)

	def validate_amount(self):
		if (self.amount or 0) < 0:
			frappe.throw(_("The contract amount cannot be negative."), frappe.ValidationError)
