# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPCompetitor(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company_size: DF.Data | None
		competitor_name: DF.Data
		counter_strategy: DF.TextEditor | None
		industry: DF.Link | None
		introduction: DF.TextEditor | None
		main_products: DF.SmallText | None
		region: DF.Link | None
		strengths: DF.SmallText | None
		threat_level: DF.Literal["", "High", "Medium", "Low"]
		weaknesses: DF.SmallText | None
		website: DF.Data | None
	# end: auto-generated types
	pass
