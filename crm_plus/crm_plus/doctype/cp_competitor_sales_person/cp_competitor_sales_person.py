# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document

from crm_plus.utils.validation import validate_email, validate_phone


class CPCompetitorSalesPerson(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		competitor: DF.Link
		counter_strategy: DF.SmallText | None
		email: DF.Data | None
		naming_series: DF.Literal["CSP-.#####"]
		person_name: DF.Data
		phone: DF.Data | None
		position: DF.Data | None
		profile: DF.SmallText | None
		region: DF.Link | None
	# end: auto-generated types

	def validate(self):
		validate_phone(self.phone, "Phone")
		validate_email(self.email, "Email")
