# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.contacts.address_and_contact import load_address_and_contact
from frappe.model.document import Document

from crm_plus.exceptions import DuplicateSupplierError
from crm_plus.follow_ups import keep_last_follow_up_date
from crm_plus.suppliers.partner import validate_partner_customer
from crm_plus.suppliers.rating import SCORE_FIELDS
from crm_plus.utils.normalize import normalize_party_name
from crm_plus.utils.validation import refuse_taken_tax_id, validate_email, validate_phone

HISTORY_ROWS = 10


class CPSupplier(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		average_quality: DF.Float
		customer: DF.Link | None
		customer_name: DF.Data | None
		delivery_count: DF.Int
		email: DF.Data | None
		erpnext_supplier: DF.Data | None
		evaluation_count: DF.Int
		last_follow_up_date: DF.Date | None
		main_products: DF.SmallText | None
		normalized_name: DF.Data | None
		on_time_rate: DF.Percent
		phone: DF.Data | None
		purchaser: DF.Link | None
		region: DF.Link | None
		remarks: DF.Text | None
		score_updated_on: DF.Datetime | None
		status: DF.Literal["Active", "Paused", "Terminated"]
		supplier_name: DF.Data
		supplier_rating: DF.Literal["", "A", "B", "C", "D"]
		supplier_score: DF.Float
		supplier_type: DF.Literal["", "Manufacturer", "Distributor", "Service Provider", "Logistics", "Other"]
		tax_id: DF.Data | None
		website: DF.Data | None
	# end: auto-generated types

	def onload(self):
		load_address_and_contact(self)
		if not self.is_new():
			self.set_onload("cooperation", cooperation_history(self.name))

	def validate(self):
		self.set_normalized_name()
		self.validate_unique_name()
		self.validate_contact_details()
		self.validate_unique_tax_id()
		validate_partner_customer(self)
		self.keep_computed_fields()

	def set_normalized_name(self):
		self.supplier_name = (self.supplier_name or "").strip()
		self.normalized_name = normalize_party_name(self.supplier_name)

	def validate_unique_name(self):
		existing = frappe.db.get_value(
			"CP Supplier",
			{"normalized_name": self.normalized_name, "name": ("!=", self.name)},
			["name", "supplier_name"],
			as_dict=True,
		)
		if existing:
			frappe.throw(
				_("Supplier {0} already exists as {1} ({2}).").format(
					frappe.bold(self.supplier_name), frappe.bold(existing.supplier_name), existing.name
				),
				DuplicateSupplierError,
				title=_("Duplicate Supplier"),
			)

	def validate_contact_details(self):
		validate_phone(self.phone, "Phone")
		validate_email(self.email, "Email")

	def validate_unique_tax_id(self):
		refuse_taken_tax_id(
			self,
			"supplier_name",
			_("Unified social credit code {0} already belongs to supplier {1} ({2})."),
			DuplicateSupplierError,
			_("Duplicate Supplier"),
		)

	def keep_computed_fields(self):
		"""Score and last follow-up date are computed from deliveries, evaluations and follow-ups
		(crm_plus.suppliers.rating, crm_plus.follow_ups), never taken from the form."""
		stored = (
			None
			if self.is_new()
			else frappe.db.get_value(self.doctype, self.name, SCORE_FIELDS, as_dict=True)
		)
		for field in SCORE_FIELDS:
			self.set(field, stored.get(field) if stored else None)
		keep_last_follow_up_date(self)


def cooperation_history(supplier: str) -> dict:
	"""The latest deliveries (promised and actual dates) and quality evaluations, for the form."""
	return {
		"deliveries": frappe.get_all(
			"CP Supplier Delivery",
			filters={"supplier": supplier},
			fields=["name", "description", "promised_date", "actual_date", "delivery_status", "days_late"],
			order_by="promised_date desc",
			limit=HISTORY_ROWS,
		),
		"evaluations": frappe.get_all(
			"CP Supplier Quality Evaluation",
			filters={"supplier": supplier},
			fields=["name", "evaluation_date", "score", "note"],
			order_by="evaluation_date desc",
			limit=HISTORY_ROWS,
		),
	}
