# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CPPriceFileSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		contract_reminder_days: DF.Int
		expiry_reminder_days: DF.Int
		letter_closing: DF.SmallText | None
		letter_company: DF.Data | None
		letter_signatory: DF.Data | None
		max_import_rows: DF.Int
		review_interval_months: DF.Int
	# end: auto-generated types
	pass
