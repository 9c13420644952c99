# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""One change of a customer's owner. Written only by crm_plus.allocation (in bulk) and by the
customer form's owner change; read-only for every role, visible to whoever may see the customer."""

from frappe.model.document import Document


class CPOwnerChangeLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		batch_id: DF.Data | None
		changed_by: DF.Link | None
		changed_on: DF.Datetime | None
		customer: DF.Link
		customer_name: DF.Data | None
		from_owner: DF.Link | None
		from_owner_name: DF.Data | None
		operation: DF.Literal[
			"Re-allocate", "Allocate", "Select-allocate", "Transfer", "Claim", "Auto-return", "Manual edit"
		]
		reason: DF.SmallText | None
		to_owner: DF.Link | None
		to_owner_name: DF.Data | None
	# end: auto-generated types

	pass
