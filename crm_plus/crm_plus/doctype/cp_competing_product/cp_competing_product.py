# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document

from crm_plus.utils.validation import validate_not_negative


class CPCompetingProduct(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		competitor: DF.Link
		description: DF.TextEditor | None
		naming_series: DF.Literal["CPP-.#####"]
		our_product: DF.Link | None
		our_product_name: DF.Data | None
		price: DF.Currency
		price_notes: DF.SmallText | None
		product_name: DF.Data
		strengths: DF.SmallText | None
		weaknesses: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		validate_not_negative(self.price, "Price")
