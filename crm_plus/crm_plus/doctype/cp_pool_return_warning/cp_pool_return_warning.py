# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""The owner was warned that this customer returns to the pool on its due date unless followed up.
Written by crm_plus.allocation.auto_return; read-only, visible to whoever may see the customer."""

from frappe.model.document import Document


class CPPoolReturnWarning(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		counted_from: DF.Date | None
		customer: DF.Link
		customer_name: DF.Data | None
		due_date: DF.Date | None
		sales_owner: DF.Link | None
		warning_date: DF.Date | None
	# end: auto-generated types

	pass
