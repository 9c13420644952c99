# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class CPOrderItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount: DF.Currency
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		product: DF.Link
		product_name: DF.Data | None
		qty: DF.Float
		rate: DF.Currency
		uom: DF.Data | None
	# end: auto-generated types
	pass


def on_doctype_update():
	# the products of many orders at once (product variety in crm_plus/grading), from the index alone
	frappe.db.add_index("CP Order Item", ["parent", "product"])
