# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPProduct(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.TextEditor | None
		disabled: DF.Check
		naming_series: DF.Literal["PRD-.#####"]
		product_category: DF.Data | None
		product_code: DF.Data | None
		product_name: DF.Data
		standard_price: DF.Currency
		unit: DF.Data | None
	# end: auto-generated types
	pass
