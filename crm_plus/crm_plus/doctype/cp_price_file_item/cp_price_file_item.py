# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPPriceFileItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		cost_price: DF.Currency
		discount: DF.Percent
		margin: DF.Percent
		min_qty: DF.Float
		net_price: DF.Currency
		note: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		product: DF.Link
		product_name: DF.Data | None
		specification: DF.Data | None
		unit: DF.Data | None
		unit_price: DF.Currency
		valid_from: DF.Date | None
		valid_to: DF.Date | None
	# end: auto-generated types
	pass
