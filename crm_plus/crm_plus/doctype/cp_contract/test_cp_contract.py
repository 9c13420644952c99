# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.exceptions import InvalidDateRangeError
from crm_plus.tests.factories import VisibilityWorld, make_contract

PREFIX = "CTR"


class TestCPContract(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.contract_a = make_contract(cls.w.cust_a, "CTR-A-001", amount=120000)
		cls.contract_b = make_contract(cls.w.cust_b, "CTR-B-001", amount=80000)

	def setUp(self):
		frappe.db.savepoint("contract_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="contract_test")

	def test_end_before_start_is_refused_and_nothing_saved(self):
		with self.assertRaises(InvalidDateRangeError):
			make_contract(self.w.cust_a, "CTR-A-BAD", start_date="2026-06-01", end_date="2026-05-31")
		self.assertFalse(frappe.db.exists("CP Contract", "CTR-A-BAD"))

	def test_contracts_follow_their_customers_visibility(self):
		with self.set_user(self.w.rep_a):
			names = set(frappe.get_list("CP Contract", pluck="name", filters={"name": ("like", "CTR-%")}))
			self.assertEqual(names, {self.contract_a})
			self.assertFalse(frappe.has_permission("CP Contract", "read", self.contract_b))
			self.assertRaises(frappe.PermissionError, frappe.client.get, "CP Contract", self.contract_b)

	def test_a_contract_cannot_be_moved_to_or_from_an_invisible_customer(self):
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Contract", self.contract_a)
			doc.customer = self.w.cust_b
			self.assertRaises(frappe.PermissionError, doc.save)
			new = frappe.get_doc(
				{
					"doctype": "CP Contract",
					"contract_no": "CTR-A-002",
					"customer": self.w.cust_c,
					"start_date": "2026-01-01",
					"end_date": "2026-02-01",
				}
			)
			self.assertRaises(frappe.PermissionError, new.insert)

	def test_active_contracts_past_their_end_date_expire_daily(self):
		from frappe.utils import add_days, today

		from crm_plus.contracts import mark_expired_contracts

		ended = make_contract(
			self.w.cust_a,
			"CTR-A-OLD",
			"2025-01-01",
			add_days(today(), -1),
			status="Active",
			signed_date="2024-12-20",
		)
		running = make_contract(self.w.cust_a, "CTR-A-RUN", "2025-01-01", today(), status="Active")
		draft = make_contract(self.w.cust_a, "CTR-A-DRAFT", "2024-01-01", "2024-12-31")
		mark_expired_contracts()
		status = {n: frappe.db.get_value("CP Contract", n, "status") for n in (ended, running, draft)}
		self.assertEqual(status, {ended: "Expired", running: "Active", draft: "Draft"})
