# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from crm_plus.exceptions import GradingSettingsError


class CPChurnSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		complaint_days: DF.Int
		complaint_enabled: DF.Check
		escalation_days: DF.Int
		escalation_enabled: DF.Check
		grade_drop_days: DF.Int
		grade_drop_enabled: DF.Check
		no_follow_up_days: DF.Int
		no_follow_up_enabled: DF.Check
		no_order_days: DF.Int
		no_order_enabled: DF.Check
		send_email: DF.Check
	# end: auto-generated types

	def validate(self):
		self.validate_days()

	def validate_days(self):
		for fieldname in (
			"no_order_days",
			"complaint_days",
			"no_follow_up_days",
			"grade_drop_days",
			"escalation_days",
		):
			if cint(self.get(fieldname)) < 1:
				frappe.throw(
					_("{0} must be at least one day.").format(_(self.meta.get_label(fieldname))),
					GradingSettingsError,
					title=_("Invalid Churn Settings"),
				)
