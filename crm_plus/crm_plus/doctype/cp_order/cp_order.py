# Copyright (c) 2026, crm_plus contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, getdate, now_datetime

from crm_plus.exceptions import (
	InvalidDateRangeError,
	InvalidOrderLineError,
	OrderLockedError,
	SelfApprovalError,
)
from crm_plus.orders import (
	CONFIRMED,
	EDITABLE_STATUSES,
	PENDING_REVIEW,
	notify_review_outcome,
	notify_reviewers,
)


class CPOrder(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from crm_plus.crm_plus.doctype.cp_order_item.cp_order_item import CPOrderItem

		approved_by: DF.Link | None
		approved_on: DF.Datetime | None
		contract: DF.Link | None
		customer: DF.Link
		customer_name: DF.Data | None
		delivery_date: DF.Date | None
		items: DF.Table[CPOrderItem]
		order_date: DF.Date
		remarks: DF.SmallText | None
		status: DF.Literal[
			"Created", "Pending Review", "Confirmed", "Shipped", "Delivered", "Completed", "Cancelled"
		]
		total_amount: DF.Currency
		total_qty: DF.Float
	# end: auto-generated types

	def validate(self):
		self.validate_lines()
		self.compute_amounts()
		self.validate_dates()
		self.validate_locked()
		self.record_approval()

	def on_update(self):
		before = self.get_doc_before_save()
		if not before or before.status == self.status:
			return
		if self.status == PENDING_REVIEW:
			notify_reviewers(self)
		elif before.status == PENDING_REVIEW:
			notify_review_outcome(self, approved=self.status == CONFIRMED)

	def validate_lines(self):
		"""At least one line; quantities above zero; unit prices not negative."""
		if not self.items:
			frappe.throw(
				_("An order needs at least one order line."), InvalidOrderLineError, title=_("No Order Lines")
			)
		for line in self.items:
			product = frappe.bold(line.product_name or line.product)
			if flt(line.qty) <= 0:
				frappe.throw(
					_("Order line {0} ({1}): the quantity must be greater than zero, not {2}.").format(
						line.idx, product, line.qty
					),
					InvalidOrderLineError,
					title=_("Invalid Order Line"),
				)
			if flt(line.rate) < 0:
				frappe.throw(
					_("Order line {0} ({1}): the unit price cannot be negative ({2}).").format(
						line.idx, product, line.rate
					),
					InvalidOrderLineError,
					title=_("Invalid Order Line"),
				)

	def compute_amounts(self):
		"""amount = quantity × unit price per line; the totals are their sums (never taken from a client)."""
		for line in self.items:
			line.amount = flt(flt(line.qty) * flt(line.rate), line.precision("amount"))
		self.total_qty = flt(sum(flt(line.qty) for line in self.items), self.precision("total_qty"))
		self.total_amount = flt(sum(line.amount for line in self.items), self.precision("total_amount"))

	def validate_dates(self):
		if self.delivery_date and getdate(self.delivery_date) < getdate(self.order_date):
			frappe.throw(
				_("The expected delivery date {0} is before the order date {1}.").format(
					frappe.bold(frappe.format(self.delivery_date, "Date")),
					frappe.bold(frappe.format(self.order_date, "Date")),
				),
				InvalidDateRangeError,
				title=_("Invalid Dates"),
			)

	def validate_locked(self):
		"""Customer, date and lines are what was reviewed: they change only while the order is Created."""
		before = self.get_doc_before_save()
		if self.is_new() or not before or before.status in EDITABLE_STATUSES:
			return
		if (
			before.customer != self.customer
			or getdate(before.order_date) != getdate(self.order_date)
			or _lines(before) != _lines(self)
		):
			frappe.throw(
				_(
					"Order {0} is {1}: its customer, date and lines can no longer be changed. A manager can"
					" reject an order under review back to Created; otherwise cancel it and create a new one."
				).format(frappe.bold(self.name), _(before.status)),
				OrderLockedError,
				title=_("Order Locked"),
			)

	def record_approval(self):
		"""Who approved the order and when; the order's creator may not approve it."""
		before = self.get_doc_before_save()
		if not before or before.status != PENDING_REVIEW or self.status != CONFIRMED:
			self.approved_by = before.approved_by if before else None
			self.approved_on = before.approved_on if before else None
			return
		user = frappe.session.user
		if user == self.owner and user != "Administrator":
			frappe.throw(
				_("You created order {0}; another manager must approve it.").format(frappe.bold(self.name)),
				SelfApprovalError,
				title=_("Self Approval"),
			)
		self.approved_by = user
		self.approved_on = now_datetime()


def _lines(doc) -> list[tuple]:
	return [(d.product, flt(d.qty), flt(d.rate), d.uom or "") for d in doc.get("items") or []]


def on_doctype_update():
	# grading and churn alerts read every customer's orders by status and date at once
	# (crm_plus/grading, crm_plus/churn): an index that answers them without reading the rows
	frappe.db.add_index("CP Order", ["customer", "status", "order_date", "total_amount"])
