# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPGradeHistory(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		customer: DF.Link
		customer_name: DF.Data | None
		from_grade: DF.Link | None
		reason: DF.SmallText | None
		sales_owner: DF.Link | None
		score: DF.Float
		source: DF.Literal["Scheduled Re-grade", "On Demand", "Manual Override", "Override Removed"]
		to_grade: DF.Link | None
	# end: auto-generated types
	pass
