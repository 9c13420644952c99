# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from crm_plus.exceptions import FutureDateError, InvalidQualityScoreError, PartyMismatchError
from crm_plus.suppliers.rating import recompute_supplier_scores
from crm_plus.suppliers.score import MAX_QUALITY, MIN_QUALITY


class CPSupplierQualityEvaluation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delivery: DF.Link | None
		evaluated_by: DF.Link
		evaluation_date: DF.Date
		note: DF.SmallText | None
		score: DF.Int
		supplier: DF.Link
		supplier_name: DF.Data | None
	# end: auto-generated types

	def validate(self):
		self.validate_score()
		self.validate_evaluation_date()
		self.validate_delivery()

	def on_update(self):
		self.recompute_scores()

	def after_delete(self):
		self.recompute_scores()

	def validate_score(self):
		"""A whole number from 1 to 5 (4.5, 0, 6 and text are refused, not rounded or clipped)."""
		score = _whole_number(self.score)
		if score is None or not MIN_QUALITY <= score <= MAX_QUALITY:
			frappe.throw(
				_("The quality score must be a whole number from {0} to {1}, not {2}.").format(
					MIN_QUALITY,
					MAX_QUALITY,
					frappe.bold(self.score if self.score not in (None, "") else _("empty")),
				),
				InvalidQualityScoreError,
				title=_("Invalid Quality Score"),
			)
		self.score = score

	def validate_evaluation_date(self):
		if getdate(self.evaluation_date) > getdate(today()):
			frappe.throw(
				_("The evaluation date {0} is in the future.").format(
					frappe.bold(frappe.format(self.evaluation_date, "Date"))
				),
				FutureDateError,
				title=_("Invalid Date", context="CRM Plus"),
			)

	def validate_delivery(self):
		if (
			self.delivery
			and frappe.db.get_value("CP Supplier Delivery", self.delivery, "supplier") != self.supplier
		):
			frappe.throw(
				_("Delivery {0} is not a delivery of supplier {1}.").format(
					frappe.bold(self.delivery), frappe.bold(self.supplier_name or self.supplier)
				),
				PartyMismatchError,
				title=_("Wrong Delivery"),
			)

	def recompute_scores(self):
		before = self.get_doc_before_save()
		recompute_supplier_scores({self.supplier, before.supplier if before else None})


def _whole_number(value) -> int | None:
	try:
		number = float(value)
	except (TypeError, ValueError):
		return None
	return int(number) if number.is_integer() else None
