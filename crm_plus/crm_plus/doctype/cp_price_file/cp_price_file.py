# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_months, getdate, nowdate

from crm_plus.exceptions import InvalidDateRangeError, PriceFileLockedError
from crm_plus.integrations.erpnext.prices import publish as publish_prices
from crm_plus.permissions.price_file import can_edit_cost, may_manage_sharing, sees_all_price_files
from crm_plus.pricing import (
	DRAFT_STATUSES,
	PENDING_REVIEW,
	PRICE_FILE,
)
from crm_plus.pricing.lines import RESTRICTED_FIELDS, set_derived_values, validate_line_set
from crm_plus.pricing.versions import supersede_older_versions, unique_title
from crm_plus.sharing import dedupe_share_table, shared_users, sync_docshares, validate_share


class CPPriceFile(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_price_file_item.cp_price_file_item import CPPriceFileItem
		from crm_plus.crm_plus.doctype.cp_price_file_share.cp_price_file_share import CPPriceFileShare

		amended_from: DF.Link | None
		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		based_on: DF.Link | None
		contract: DF.Link | None
		contract_end_date: DF.Date | None
		contract_reminder_for: DF.Date | None
		currency: DF.Link
		customer: DF.Link
		customer_name: DF.Data | None
		expiry_reminder_for: DF.Date | None
		lineage: DF.Link | None
		lines: DF.Table[CPPriceFileItem]
		review_date: DF.Date | None
		review_reminder_for: DF.Date | None
		revision_note: DF.SmallText | None
		shared_with: DF.TableMultiSelect[CPPriceFileShare]
		status: DF.Literal["Draft", "Pending Review", "Rejected", "Approved", "Expired", "Superseded"]
		superseded_by: DF.Link | None
		terms: DF.Text | None
		title: DF.Data | None
		valid_from: DF.Date
		valid_to: DF.Date
		version: DF.Int
	# end: auto-generated types

	# set by the server only: cleared whenever a client sends them for a draft
	APPROVAL_FIELDS = (
		"approved_by",
		"approved_on",
		"superseded_by",
		"expiry_reminder_for",
		"contract_reminder_for",
		"review_reminder_for",
	)

	def before_insert(self):
		self.title = unique_title(self.customer_name or self.customer, getdate(nowdate()))

	def validate(self):
		self.set_defaults_for_new_file()
		self.set_lineage()
		self.clear_approval_fields()
		self.validate_status()
		self.validate_pending_review_lock()
		self.validate_contract()
		self.validate_dates()
		self.keep_restricted_line_fields()
		self.validate_lines()
		self.validate_sharing()

	def on_update(self):
		sync_docshares(self)

	def before_update_after_submit(self):
		self.validate_sharing()

	def on_update_after_submit(self):
		sync_docshares(self)

	def before_submit(self):
		self.validate_approval()
		self.approved_by = frappe.session.user
		self.approved_on = frappe.utils.now_datetime()

	def on_submit(self):
		supersede_older_versions(self)
		publish_prices(self)  # that customer's prices in ERPNext, where the site publishes them

	def before_cancel(self):
		frappe.throw(
			_(
				"Approved price files are kept as they are and cannot be cancelled; make a new revision instead."
			),
			PriceFileLockedError,
			title=_("Not Allowed"),
		)

	def on_trash(self):
		if self.docstatus != 0:
			frappe.throw(
				_("{0} is {1}: approved, expired and superseded price files are never deleted.").format(
					frappe.bold(self.title), _(self.status)
				),
				PriceFileLockedError,
				title=_("Not Allowed"),
			)

	def validate_share(self, share):
		validate_share(self, share)

	# --- steps ---------------------------------------------------------------------------------

	def set_defaults_for_new_file(self):
		if not self.currency:
			self.currency = frappe.db.get_default("currency") or "CNY"
		if self.is_new() and not self.review_date and self.valid_from:
			months = frappe.get_cached_doc("CP Price File Settings").review_interval_months
			if months:
				self.review_date = add_months(self.valid_from, months)

	def set_lineage(self):
		"""A new file starts a lineage of its own; only a revision or restore (crm_plus.pricing.versions)
		joins an existing one, whatever a client sent."""
		if self.is_new() and not self.flags.revision_of:
			self.lineage = self.name
			self.version = 1
			self.based_on = None

	def clear_approval_fields(self):
		if self.docstatus == 0:
			for fieldname in self.APPROVAL_FIELDS:
				self.set(fieldname, None)

	def validate_status(self):
		"""Approved, Expired and Superseded are reached through the workflow and the daily job only."""
		if self.docstatus == 0 and self.status not in DRAFT_STATUSES:
			frappe.throw(
				_("A price file becomes {0} only through approval by a price manager.").format(
					_(self.status)
				),
				PriceFileLockedError,
				title=_("Not Allowed"),
			)

	def validate_pending_review_lock(self):
		"""While a price manager reviews a file, only they change it; its owner may withdraw it first."""
		if self.is_new() or sees_all_price_files():
			return
		before = self.get_doc_before_save()
		if before and before.status == PENDING_REVIEW and self.status == PENDING_REVIEW:
			frappe.throw(
				_("{0} is pending review and cannot be changed; withdraw it first.").format(
					frappe.bold(self.title)
				),
				PriceFileLockedError,
				title=_("Pending Review"),
			)

	def validate_contract(self):
		if not self.contract:
			return
		customer = frappe.db.get_value("CP Contract", self.contract, "customer")
		if customer != self.customer:
			frappe.throw(
				_("Contract {0} belongs to another customer.").format(frappe.bold(self.contract)),
				frappe.ValidationError,
				title=_("Wrong Contract"),
			)

	def validate_dates(self):
		if self.valid_from and self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("Valid To {0} is before Valid From {1}.").format(self.valid_to, self.valid_from),
				InvalidDateRangeError,
				title=_("Invalid Dates"),
			)

	def keep_restricted_line_fields(self):
		"""Cost (permlevel 1) is set by price managers only. The framework keeps stored values of saved
		lines; on a new file a user without access to cost cannot bring any either, unless the server
		copied the lines from another version (revision, restore)."""
		if self.is_new() and not self.flags.revision_of and not can_edit_cost():
			for line in self.lines:
				for fieldname in RESTRICTED_FIELDS:
					line.set(fieldname, None)

	def validate_lines(self):
		for line in self.lines:
			set_derived_values(line)
		validate_line_set(self.lines, number=lambda i: self.lines[i].idx)

	def validate_sharing(self):
		dedupe_share_table(self)
		if self.is_new():
			changed = bool(shared_users(self)) and not self.flags.revision_of
		else:
			before = self.get_doc_before_save()
			changed = before is not None and shared_users(before) != shared_users(self)
		if changed and not may_manage_sharing(self):
			frappe.throw(
				_(
					"Only the customer's owner, a price manager or a CRM administrator may share price file {0}."
				).format(frappe.bold(self.title or self.customer_name)),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)

	def validate_approval(self):
		"""Approval is the workflow's last step: from Pending Review, with lines, still valid."""
		stored = frappe.db.get_value(PRICE_FILE, self.name, "status")
		if stored != PENDING_REVIEW:
			frappe.throw(
				_("Only a price file pending review can be approved; {0} is {1}.").format(
					frappe.bold(self.title), _(stored or self.status)
				),
				PriceFileLockedError,
				title=_("Not Allowed"),
			)
		if not self.lines:
			frappe.throw(_("A price file without lines cannot be approved."), title=_("No Price Lines"))
		if getdate(self.valid_to) < getdate(nowdate()):
			frappe.throw(
				_("{0} was valid until {1} and cannot be approved any more.").format(
					frappe.bold(self.title), self.valid_to
				),
				InvalidDateRangeError,
				title=_("Validity Over"),
			)
