# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPSolution(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_solution_product.cp_solution_product import CPSolutionProduct

		attachment: DF.Attach | None
		body: DF.TextEditor | None
		industry: DF.Link | None
		naming_series: DF.Literal["SOL-.#####"]
		products: DF.TableMultiSelect[CPSolutionProduct]
		summary: DF.SmallText | None
		title: DF.Data
	# end: auto-generated types
	pass
