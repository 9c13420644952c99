# Copyright (c) 2026, crm_plus contributors
# See license.txt
"""Return warnings are written by the daily job only (see crm_plus/tests/test_pool_auto_return.py)."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import VisibilityWorld

PREFIX = "PRW"


class TestCPPoolReturnWarning(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def test_users_cannot_write_warnings(self):
		for user in (self.w.rep_a, self.w.mgr_east, self.w.admin):
			with self.set_user(user):
				doc = frappe.get_doc(
					{
						"doctype": "CP Pool Return Warning",
						"customer": self.w.cust_a,
						"sales_owner": self.w.rep_a,
						"due_date": "2026-01-01",
					}
				)
				self.assertRaises(frappe.PermissionError, doc.insert)
