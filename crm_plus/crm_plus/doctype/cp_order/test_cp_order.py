# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.model.workflow import WorkflowPermissionError, WorkflowTransitionError, apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from crm_plus.exceptions import (
	InvalidDateRangeError,
	InvalidOrderLineError,
	OrderLockedError,
	SelfApprovalError,
)
from crm_plus.orders import COUNTED_STATUSES
from crm_plus.tests.factories import VisibilityWorld, make_order, make_product

PREFIX = "ORD"


class TestCPOrder(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.bolt = make_product(f"{PREFIX} 螺栓 M8", standard_price=2)
		cls.motor = make_product(f"{PREFIX} 电机", standard_price=1200)

	def setUp(self):
		frappe.db.savepoint("order_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="order_test")

	def new(self, customer=None, lines=((None, 10, 2.5),), **fields):
		doc = frappe.get_doc({"doctype": "CP Order", "customer": customer or self.w.cust_a, **fields})
		for product, qty, rate in lines:
			doc.append("items", {"product": product or self.bolt, "qty": qty, "rate": rate})
		return doc

	def rep_order(self):
		with self.set_user(self.w.rep_a):
			return self.new(lines=((self.bolt, 100, 2.5), (self.motor, 2, 1200))).insert()

	def act(self, user, name, action):
		with self.set_user(user):
			return apply_workflow(frappe.get_doc("CP Order", name), action)

	def count(self):
		return frappe.db.count("CP Order"), frappe.db.count("CP Order Item")

	# --- amounts -----------------------------------------------------------------------------------

	def test_amounts_and_totals_are_computed_on_the_server(self):
		doc = self.new(lines=((self.bolt, 100, 2.5), (self.motor, 2, 1200)))
		doc.items[0].amount = 1  # whatever a client sends
		doc.total_amount = 999_999
		doc.insert()
		self.assertEqual([line.amount for line in doc.items], [250, 2400])
		self.assertEqual(doc.total_qty, 102)
		self.assertEqual(doc.total_amount, 2650)
		self.assertEqual(frappe.db.get_value("CP Order", doc.name, "total_amount"), 2650)
		self.assertEqual(doc.status, "Created")
		self.assertEqual(doc.items[0].product_name, f"{PREFIX} 螺栓 M8")

	# --- bad input ---------------------------------------------------------------------------------

	def test_negative_quantity_or_price_is_refused_and_nothing_saved(self):
		before = self.count()
		for qty, rate in ((-5, 10), (0, 10), (5, -1)):
			with self.assertRaises(InvalidOrderLineError):
				self.new(lines=((self.bolt, 1, 1), (self.motor, qty, rate))).insert()
		self.assertEqual(self.count(), before)

	def test_a_negative_line_added_to_a_saved_order_leaves_it_unchanged(self):
		doc = self.new(lines=((self.bolt, 1, 10),)).insert()
		doc.append("items", {"product": self.motor, "qty": -1, "rate": 100})
		self.assertRaises(InvalidOrderLineError, doc.save)
		stored = frappe.get_doc("CP Order", doc.name)
		self.assertEqual(len(stored.items), 1)
		self.assertEqual(stored.total_amount, 10)

	def test_an_order_needs_lines_and_a_delivery_date_after_the_order_date(self):
		with self.assertRaises(InvalidOrderLineError):
			self.new(lines=()).insert()
		with self.assertRaises(InvalidDateRangeError):
			self.new(order_date=today(), delivery_date=add_days(today(), -1)).insert()

	# --- review workflow ---------------------------------------------------------------------------

	def test_rep_requests_review_and_their_manager_approves(self):
		order = self.rep_order()
		self.act(self.w.rep_a, order.name, "Request Review")
		self.assertEqual(frappe.db.get_value("CP Order", order.name, "status"), "Pending Review")
		notified = frappe.get_all("Notification Log", filters={"document_name": order.name}, pluck="for_user")
		self.assertEqual(notified, [self.w.mgr_east])
		# the rep cannot approve, the other team's manager cannot even see it
		self.assertRaises(WorkflowTransitionError, self.act, self.w.rep_a, order.name, "Approve")
		self.assertRaises(frappe.PermissionError, self.act, self.w.mgr_south, order.name, "Approve")
		self.act(self.w.mgr_east, order.name, "Approve")
		stored = frappe.get_doc("CP Order", order.name)
		self.assertEqual(stored.status, "Confirmed")
		self.assertEqual(stored.approved_by, self.w.mgr_east)
		self.assertIn(
			self.w.rep_a,
			frappe.get_all("Notification Log", filters={"document_name": order.name}, pluck="for_user"),
		)
		for action, status in (
			("Ship", "Shipped"),
			("Mark Delivered", "Delivered"),
			("Complete", "Completed"),
		):
			self.act(self.w.rep_a, order.name, action)
			self.assertEqual(frappe.db.get_value("CP Order", order.name, "status"), status)
		self.assertIn("Completed", COUNTED_STATUSES)

	def test_a_rep_cannot_confirm_by_writing_the_status(self):
		order = self.rep_order()
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Order", order.name)
			doc.status = "Confirmed"
			self.assertRaises(WorkflowPermissionError, doc.save)
		self.assertEqual(frappe.db.get_value("CP Order", order.name, "status"), "Created")

	def test_nobody_approves_their_own_order(self):
		with self.set_user(self.w.mgr_east):
			order = self.new().insert()
		self.act(self.w.mgr_east, order.name, "Request Review")
		self.assertRaises(frappe.ValidationError, self.act, self.w.mgr_east, order.name, "Approve")
		with self.set_user(self.w.mgr_east):  # nor by saving the status directly
			doc = frappe.get_doc("CP Order", order.name)
			doc.status = "Confirmed"
			self.assertRaises(SelfApprovalError, doc.save)
		self.assertEqual(frappe.db.get_value("CP Order", order.name, "status"), "Pending Review")

	def test_lines_are_locked_after_review_is_requested_until_rejected(self):
		order = self.rep_order()
		self.act(self.w.rep_a, order.name, "Request Review")
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Order", order.name)
			doc.items[0].qty = 1000
			self.assertRaises(OrderLockedError, doc.save)
			doc.reload()
			doc.remarks = "please call before delivery"
			doc.save()  # remarks stay editable
		self.act(self.w.mgr_east, order.name, "Reject")
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Order", order.name)
			doc.items[0].qty = 1000
			doc.save()
		self.assertEqual(frappe.db.get_value("CP Order", order.name, "total_amount"), 2500 + 2400)

	def test_orders_are_cancelled_through_the_workflow(self):
		order = self.rep_order()
		self.act(self.w.rep_a, order.name, "Cancel")
		self.assertEqual(frappe.db.get_value("CP Order", order.name, "status"), "Cancelled")
		confirmed = make_order(self.w.cust_b, [(f"{PREFIX} 电机", 1, 100)], remarks="to be cancelled")
		self.act(self.w.rep_b, confirmed, "Request Review")
		self.act(self.w.mgr_east, confirmed, "Approve")
		self.assertRaises(WorkflowTransitionError, self.act, self.w.rep_b, confirmed, "Cancel")
		self.act(self.w.mgr_east, confirmed, "Cancel")
		self.assertEqual(frappe.db.get_value("CP Order", confirmed, "status"), "Cancelled")
