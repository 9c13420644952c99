# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPProduct(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_product_image.cp_product_image import CPProductImage

		advantages: DF.TextEditor | None
		benefits: DF.TextEditor | None
		brochure: DF.Attach | None
		description: DF.TextEditor | None
		disabled: DF.Check
		drawbacks: DF.TextEditor | None
		erpnext_item: DF.Data | None
		features: DF.TextEditor | None
		functions: DF.TextEditor | None
		image: DF.AttachImage | None
		images: DF.Table[CPProductImage]
		naming_series: DF.Literal["PRD-.#####"]
		product_category: DF.Data | None
		product_code: DF.Data | None
		product_name: DF.Data
		quote_strategy: DF.TextEditor | None
		standard_price: DF.Currency
		unit: DF.Data | None
	# end: auto-generated types
	pass
