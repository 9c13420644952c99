# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, flt

from crm_plus.exceptions import GradingSettingsError
from crm_plus.grading.score import FACTORS


class CPGradingSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amount_target: DF.Currency
		clv_lifespan_years: DF.Float
		clv_target: DF.Currency
		complaint_penalty: DF.Float
		frequency_target: DF.Int
		period_months: DF.Int
		variety_target: DF.Int
		weight_amount: DF.Float
		weight_clv: DF.Float
		weight_feedback: DF.Float
		weight_frequency: DF.Float
		weight_variety: DF.Float
	# end: auto-generated types

	def onload(self):
		self.set_onload("tiers", tiers_best_first())

	def validate(self):
		self.validate_period()
		self.validate_weights()
		self.validate_scales()

	def validate_period(self):
		if cint(self.period_months) < 1:
			_refuse(_("The scoring period must be at least one month."))

	def validate_weights(self):
		weights = [flt(self.get(f"weight_{factor}")) for factor in FACTORS]
		if any(w < 0 for w in weights):
			_refuse(_("Factor weights cannot be negative."))
		if not sum(weights):
			_refuse(_("Give at least one factor a weight above zero."))

	def validate_scales(self):
		for fieldname in (
			"amount_target",
			"frequency_target",
			"variety_target",
			"clv_target",
			"clv_lifespan_years",
		):
			if flt(self.get(fieldname)) <= 0:
				_refuse(_("{0} must be greater than zero.").format(_(self.meta.get_label(fieldname))))
		if flt(self.complaint_penalty) < 0:
			_refuse(_("{0} cannot be negative.").format(_(self.meta.get_label("complaint_penalty"))))


def tiers_best_first() -> list[dict]:
	return frappe.get_all(
		"CP Customer Grade",
		fields=["name", "min_score", "sequence", "service_policy"],
		order_by="min_score desc, sequence asc",
	)


def _refuse(message: str):
	frappe.throw(message, GradingSettingsError, title=_("Invalid Grading Settings"))
