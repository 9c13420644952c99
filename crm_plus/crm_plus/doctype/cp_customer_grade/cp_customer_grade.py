# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from crm_plus.exceptions import GradingSettingsError


class CPCustomerGrade(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		grade_name: DF.Data
		min_score: DF.Float
		sequence: DF.Int
		service_policy: DF.SmallText | None
	# end: auto-generated types

	def validate(self):
		self.validate_min_score()

	def validate_min_score(self):
		"""Value scores run from 0 to 100 (crm_plus.grading.score)."""
		if not 0 <= flt(self.min_score) <= 100:
			frappe.throw(
				_("The minimum score of grade {0} must lie between 0 and 100.").format(
					frappe.bold(self.grade_name)
				),
				GradingSettingsError,
				title=_("Invalid Grade"),
			)
