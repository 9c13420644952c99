# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt
"""Pool settings (公海设置): the holding limit and the automatic return of neglected customers."""

import frappe
from frappe import _
from frappe.model.document import Document


class CPPoolSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		auto_return_enabled: DF.Check
		holding_limit: DF.Int
		return_after_days: DF.Int
		warning_days: DF.Int
	# end: auto-generated types

	def validate(self):
		self.validate_days()

	def validate_days(self):
		if not self.auto_return_enabled:
			return
		if self.return_after_days < 1:
			frappe.throw(
				_(
					"Days Without Follow-up must be at least 1 when customers return to the pool automatically."
				)
			)
		if self.warning_days >= self.return_after_days:
			frappe.throw(
				_(
					"The warning ({0} days before) must come after the last follow-up: use fewer days than Days Without Follow-up ({1})."
				).format(self.warning_days, self.return_after_days)
			)
