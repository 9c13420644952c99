# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.contacts.address_and_contact import load_address_and_contact
from frappe.model.document import Document

from crm_plus.allocation import MANUAL_EDIT, notify
from crm_plus.allocation.log import log_manual_change
from crm_plus.allocation.pool import check_holding_limit
from crm_plus.exceptions import DuplicateCustomerError, OwnershipChangeNotAllowed
from crm_plus.follow_ups import keep_last_follow_up_date
from crm_plus.grading.override import keep_computed_grade
from crm_plus.integrations.erpnext.owners import sync_account_managers
from crm_plus.permissions.customer import is_sales_manager, may_manage_owner
from crm_plus.permissions.roles import is_crm_admin
from crm_plus.rollup import marks as rollup_marks
from crm_plus.sharing import dedupe_share_table, shared_users, sync_docshares, validate_share
from crm_plus.suppliers.partner import customer_onload
from crm_plus.utils.duplicates import NAME, TAX_ID, duplicate_customer_message
from crm_plus.utils.normalize import normalize_party_name
from crm_plus.utils.validation import validate_email, validate_phone, validate_tax_id


class CPCustomer(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_customer_share.cp_customer_share import CPCustomerShare

		annual_amount: DF.Currency
		company_type: DF.Literal[
			"",
			"State-owned Enterprise",
			"Private Enterprise",
			"Foreign-invested Enterprise",
			"Joint Venture",
			"Public Institution",
			"Individual Business",
			"Other",
		]
		customer_category: DF.Link | None
		customer_name: DF.Data
		customer_source: DF.Link | None
		email: DF.Data | None
		erpnext_customer: DF.Data | None
		first_cooperation_date: DF.Date | None
		grade: DF.Link | None
		grade_locked: DF.Check
		grade_override_reason: DF.SmallText | None
		industry: DF.Link | None
		last_follow_up_date: DF.Date | None
		last_graded_on: DF.Datetime | None
		normalized_name: DF.Data | None
		phone: DF.Data | None
		preferences: DF.SmallText | None
		region: DF.Link | None
		remarks: DF.Text | None
		sales_owner: DF.Link | None
		sales_owner_name: DF.Data | None
		shared_with: DF.TableMultiSelect[CPCustomerShare]
		status: DF.Literal["Active", "Paused", "Churned"]
		tax_id: DF.Data | None
		value_score: DF.Float
		website: DF.Data | None
	# end: auto-generated types

	def onload(self):
		load_address_and_contact(self)
		customer_onload(self)  # the supplier record of the same company

	def before_insert(self):
		self.assign_creator_as_owner()

	def validate(self):
		self.set_normalized_name()
		self.validate_unique_name()
		self.validate_contact_details()
		self.validate_unique_tax_id()
		self.validate_ownership_change()
		self.validate_holding_limit()
		dedupe_share_table(self)
		keep_last_follow_up_date(self)  # computed from the follow-ups (crm_plus/follow_ups)
		keep_computed_grade(self)  # written by the grading only (crm_plus/grading)

	def on_update(self):
		sync_docshares(self)
		self.log_owner_change()
		rollup_marks.on_customer_change(self)

	def after_rename(self, old: str, new: str, merge: bool = False):
		# a merge moved the old customer's orders and follow-ups to this one (the rollup's checksum of the
		# owner's customers does not see that)
		rollup_marks.touch([self.sales_owner])

	def validate_share(self, share):
		validate_share(self, share)

	def assign_creator_as_owner(self):
		"""A rep's new customer is theirs; managers and admins may leave it in the unassigned pool."""
		user = frappe.session.user
		if not self.sales_owner and not (is_crm_admin(user) or is_sales_manager(user)):
			self.sales_owner = user

	def set_normalized_name(self):
		self.customer_name = (self.customer_name or "").strip()
		self.normalized_name = normalize_party_name(self.customer_name)

	def validate_unique_name(self):
		existing = frappe.db.get_value(
			"CP Customer",
			{"normalized_name": self.normalized_name, "name": ("!=", self.name)},
			["name", "customer_name", "sales_owner", "sales_owner_name"],
			as_dict=True,
		)
		if existing:
			refuse_duplicate(existing, NAME)

	def validate_contact_details(self):
		validate_phone(self.phone, "Phone")
		validate_email(self.email, "Email")

	def validate_unique_tax_id(self):
		self.tax_id = validate_tax_id(self.tax_id, "Unified Social Credit Code")
		if not self.tax_id:
			return
		existing = frappe.db.get_value(
			"CP Customer",
			{"tax_id": self.tax_id, "name": ("!=", self.name)},
			["name", "customer_name", "sales_owner", "sales_owner_name"],
			as_dict=True,
		)
		if existing:
			refuse_duplicate(existing, TAX_ID)

	def validate_ownership_change(self):
		"""Owner and sharing are decided by the owner, their manager and admins, not by shared users."""
		user = frappe.session.user
		before = self.get_doc_before_save()
		if self.is_new() or not before:
			if self.sales_owner and self.sales_owner != user and not may_manage_owner(self.sales_owner, user):
				self._refuse_ownership_change()
			return
		owner_changed = before.sales_owner != self.sales_owner
		sharing_changed = shared_users(before) != shared_users(self)
		if (owner_changed or sharing_changed) and not may_manage_owner(before.sales_owner, user):
			self._refuse_ownership_change()
		# nobody takes another user's customer for themselves on the form (only claims from the pool)
		if owner_changed and self.sales_owner == user and before.sales_owner and not is_crm_admin(user):
			frappe.throw(
				_("You cannot make yourself the owner of customer {0}.").format(
					frappe.bold(self.customer_name)
				),
				OwnershipChangeNotAllowed,
				title=_("Not Permitted"),
			)
		# an owner may hand a customer to anyone; a manager only within the teams they manage
		handed_over_by_owner = before.sales_owner == user
		if owner_changed and self.sales_owner and not handed_over_by_owner:
			if not may_manage_owner(self.sales_owner, user):
				self._refuse_ownership_change()

	def owner_changed(self) -> bool:
		"""An existing customer whose owner this save changes (a new one gets its first owner)."""
		return bool(self.get_doc_before_save()) and self.has_value_changed("sales_owner")

	def validate_holding_limit(self):
		"""A customer given to a rep on the form counts against the holding limit (CP Pool Settings)."""
		if self.owner_changed() and self.sales_owner:
			check_holding_limit(self.sales_owner, 1)

	def log_owner_change(self):
		"""Every change of owner leaves a CP Owner Change Log row; the new owner is notified."""
		if self.owner_changed():
			batch_id = log_manual_change(self)
			notify.new_owner(self.sales_owner, 1, MANUAL_EDIT, batch_id, frappe.session.user, self.name)
			sync_account_managers([self.name])

	def _refuse_ownership_change(self):
		frappe.throw(
			_(
				"Only the sales owner, their sales manager or a CRM administrator may change the owner or the sharing of customer {0}."
			).format(frappe.bold(self.customer_name)),
			OwnershipChangeNotAllowed,
			title=_("Not Permitted"),
		)


def refuse_duplicate(existing, matched_by: str) -> None:
	"""The duplicate policy (crm_plus.utils.duplicates): name the existing customer and its owner."""
	frappe.throw(
		duplicate_customer_message(
			existing.customer_name, existing.name, existing.sales_owner, matched_by, existing.sales_owner_name
		),
		DuplicateCustomerError,
		title=_("Duplicate Customer"),
	)


def on_doctype_update():
	# a rep's list view: their customers, newest first (see crm_plus/benchmarks/customer_list.py)
	frappe.db.add_index("CP Customer", ["sales_owner", "modified"])
	# rep performance (crm_plus/analysis/performance.py): customers and new customers per owner
	frappe.db.add_index("CP Customer", ["sales_owner", "creation"])
	# sales read from ERPNext documents join them to their crm_plus customer (crm_plus/orders/source.py)
	frappe.db.add_index("CP Customer", ["erpnext_customer"])
