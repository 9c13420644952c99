# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from crm_plus.utils.validation import validate_not_negative


class CPCaseStudy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_case_study_competitor.cp_case_study_competitor import (
			CPCaseStudyCompetitor,
		)

		case_type: DF.Literal["Success", "Failure"]
		closing_date: DF.Date | None
		competitors: DF.Table[CPCaseStudyCompetitor]
		customer: DF.Link | None
		customer_evaluation: DF.TextEditor | None
		customer_introduction: DF.TextEditor | None
		customer_name: DF.Data | None
		customer_needs: DF.TextEditor | None
		deal_amount: DF.Currency
		industry: DF.Link | None
		key_factors: DF.TextEditor | None
		naming_series: DF.Literal["CASE-.YYYY.-.####"]
		product: DF.Link | None
		remarks: DF.SmallText | None
		sales_highlights: DF.TextEditor | None
		sales_rep: DF.Link | None
		summary: DF.TextEditor | None
		title: DF.Data
	# end: auto-generated types

	def validate(self):
		validate_not_negative(self.deal_amount, "Deal Amount")
		self.validate_competitors()

	def validate_competitors(self):
		"""Each competitor once; a competing product named on a row must be that competitor's."""
		seen = set()
		for row in self.competitors:
			if row.competitor in seen:
				frappe.throw(
					_("Row {0}: competitor {1} is listed twice.").format(
						row.idx, frappe.bold(row.competitor)
					),
					frappe.ValidationError,
				)
			seen.add(row.competitor)
		products = {row.competing_product for row in self.competitors if row.competing_product}
		if not products:
			return
		owner = dict(
			frappe.get_all(
				"CP Competing Product",
				filters={"name": ("in", list(products))},
				fields=["name", "competitor"],
				as_list=True,
			)
		)
		for row in self.competitors:
			if row.competing_product and owner.get(row.competing_product) != row.competitor:
				frappe.throw(
					_("Row {0}: {1} is not a product of {2}.").format(
						row.idx, frappe.bold(row.competing_product), frappe.bold(row.competitor)
					),
					frappe.ValidationError,
				)
