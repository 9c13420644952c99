# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from crm_plus.exceptions import ComplaintResolutionError, FutureDateError, PartyMismatchError
from crm_plus.tests.factories import VisibilityWorld, make_complaint, make_order

PREFIX = "CMP"


class TestCPComplaint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def setUp(self):
		frappe.db.savepoint("complaint_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="complaint_test")

	def new(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "CP Complaint",
				"customer": self.w.cust_a,
				"category": "Delivery",
				"subject": "到货延迟",
				"description": "第二批货晚到三天",
				**fields,
			}
		)

	def test_a_rep_records_and_resolves_a_complaint(self):
		with self.set_user(self.w.rep_a):
			doc = self.new(complaint_date=add_days(today(), -9)).insert()
			self.assertEqual((doc.status, doc.handled_by), ("Open", self.w.rep_a))
			doc.status = "In Progress"
			doc.save()
			doc.status = "Resolved"
			doc.resolution_note = "补发并赠送运费"
			doc.save()
		self.assertEqual(getdate(doc.resolution_date), getdate(today()))
		doc.status = "In Progress"  # reopened: no longer resolved
		doc.save()
		self.assertIsNone(doc.resolution_date)

	def test_bad_dates_and_missing_resolution_are_refused_and_nothing_saved(self):
		before = frappe.db.count("CP Complaint")
		with self.assertRaises(FutureDateError):
			self.new(complaint_date=add_days(today(), 1)).insert()
		with self.assertRaises(ComplaintResolutionError):
			self.new(status="Resolved").insert()
		with self.assertRaises(ComplaintResolutionError):
			self.new(
				complaint_date=add_days(today(), -3),
				status="Resolved",
				resolution_note="done",
				resolution_date=add_days(today(), -5),
			).insert()
		self.assertEqual(frappe.db.count("CP Complaint"), before)

	def test_the_order_must_be_the_customers(self):
		order_b = make_order(self.w.cust_b, [("CMP 产品", 1, 10)])
		with self.assertRaises(PartyMismatchError):
			self.new(order=order_b).insert()

	def test_factory_is_idempotent(self):
		self.assertEqual(make_complaint(self.w.cust_a, "重复"), make_complaint(self.w.cust_a, "重复"))
