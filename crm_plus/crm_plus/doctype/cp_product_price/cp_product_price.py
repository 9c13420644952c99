# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document

from crm_plus.utils.validation import validate_date_range, validate_not_negative


class CPProductPrice(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cost_price: DF.Currency
		naming_series: DF.Literal["PP-.#####"]
		price: DF.Currency
		price_policy: DF.TextEditor | None
		product: DF.Link
		product_name: DF.Data | None
		unit: DF.Data | None
		valid_from: DF.Date | None
		valid_to: DF.Date | None
	# end: auto-generated types

	def validate(self):
		self.validate_validity()
		self.validate_amounts()

	def validate_validity(self):
		validate_date_range(self.valid_from, self.valid_to, "Valid From", "Valid To")

	def validate_amounts(self):
		validate_not_negative(self.price, "Price")
		validate_not_negative(self.cost_price, "Cost Price")
