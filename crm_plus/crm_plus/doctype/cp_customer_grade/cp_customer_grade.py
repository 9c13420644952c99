# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPCustomerGrade(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		grade_name: DF.Data
		min_score: DF.Float
		sequence: DF.Int
		service_policy: DF.SmallText | None
	# end: auto-generated types
	pass
