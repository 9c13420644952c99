# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document

from crm_plus.library.contract_terms import check_template


class CPContractTemplate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		body: DF.TextEditor | None
		contract_type: DF.Data | None
		description: DF.SmallText | None
		disabled: DF.Check
		template_name: DF.Data
	# end: auto-generated types

	def validate(self):
		self.validate_body()

	def validate_body(self):
		"""Refuse a body with a Jinja syntax error or a placeholder no contract or customer has."""
		if self.has_value_changed("body"):
			check_template(self.body)
