# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPImportDecision(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		decision: DF.Literal["", "Merge", "Create New", "Skip"]
		existing_record: DF.Data | None
		existing_title: DF.Data | None
		import_name: DF.Data | None
		match_kind: DF.Literal["Similar Name", "Same Phone", "Similar Name in File", "Same Phone in File"]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		row_no: DF.Int
		similarity: DF.Percent
	# end: auto-generated types
	pass
