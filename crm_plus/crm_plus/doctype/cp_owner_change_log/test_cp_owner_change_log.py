# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""The owner-change log is read-only for every role and visible exactly to whoever may see its customer."""

import frappe
import frappe.client
from frappe.tests.utils import FrappeTestCase

from crm_plus.api import allocation as api
from crm_plus.crm_plus.doctype.cp_customer.cp_customer_dashboard import get_data
from crm_plus.tests.factories import VisibilityWorld

PREFIX = "OCL"


class TestCPOwnerChangeLog(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def setUp(self):
		frappe.db.savepoint("owner_log_test")
		with self.set_user(self.w.mgr_east):
			api.transfer(customers=[self.w.cust_a], to_owner=self.w.rep_b, reason="A 休假")
		self.row = frappe.get_all("CP Owner Change Log", {"customer": self.w.cust_a}, pluck="name")[0]

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="owner_log_test")

	def test_visible_to_whoever_may_see_the_customer(self):
		for user, sees in (
			(self.w.rep_b, True),  # the new owner
			(self.w.mgr_east, True),
			(self.w.admin, True),
			(self.w.rep_a, False),  # the previous owner lost the customer, and its history
			(self.w.rep_c, False),
			(self.w.mgr_south, False),
		):
			with self.set_user(user):
				listed = frappe.get_list("CP Owner Change Log", {"customer": self.w.cust_a}, pluck="name")
				self.assertEqual(listed == [self.row], sees, user)
				self.assertEqual(
					bool(frappe.has_permission("CP Owner Change Log", "read", self.row)), sees, user
				)

	def test_nobody_can_create_change_or_delete_log_rows(self):
		for user in (self.w.rep_b, self.w.mgr_east, self.w.admin):
			with self.set_user(user):
				doc = frappe.get_doc("CP Owner Change Log", self.row)
				doc.reason = "rewritten"
				self.assertRaises(frappe.PermissionError, doc.save)
				self.assertRaises(
					frappe.PermissionError,
					frappe.client.set_value,
					"CP Owner Change Log",
					self.row,
					"reason",
					"x",
				)
				self.assertRaises(frappe.PermissionError, frappe.delete_doc, "CP Owner Change Log", self.row)
				forged = frappe.get_doc(
					{
						"doctype": "CP Owner Change Log",
						"customer": self.w.cust_b,
						"operation": "Transfer",
						"from_owner": self.w.rep_a,
						"to_owner": self.w.rep_b,
					}
				)
				self.assertRaises(frappe.PermissionError, forged.insert)
		self.assertEqual(frappe.db.get_value("CP Owner Change Log", self.row, "reason"), "A 休假")
		self.assertEqual(frappe.db.count("CP Owner Change Log", {"customer": self.w.cust_b}), 0)

	def test_listed_in_the_customer_centre(self):
		items = [i for group in get_data()["transactions"] for i in group["items"]]
		self.assertIn("CP Owner Change Log", items)
