# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""The allocation tool (客户分配): a form to pick customers by rule, preview the move and run it.

Nothing is stored: the form is never saved (it is shared by every user, being a Single); its buttons
send the values to crm_plus.api.allocation (preview / run_rule)."""

from frappe.model.document import Document


class CPAllocationTool(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		company_type: DF.Literal[
			"",
			"State-owned Enterprise",
			"Private Enterprise",
			"Foreign-invested Enterprise",
			"Joint Venture",
			"Public Institution",
			"Individual Business",
			"Other",
		]
		customer_category: DF.Link | None
		customer_source: DF.Link | None
		from_owner: DF.Link | None
		grade: DF.Link | None
		industry: DF.Link | None
		only_unassigned: DF.Check
		operation: DF.Literal["Allocate", "Re-allocate", "Transfer"]
		reason: DF.SmallText | None
		region: DF.Link | None
		to_owner: DF.Link | None
	# end: auto-generated types

	pass
