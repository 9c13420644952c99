# Copyright (c) 2026, crm_plus contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.allocation.pool import settings
from crm_plus.tests.factories import VisibilityWorld, set_pool_settings

PREFIX = "PST"


class TestCPPoolSettings(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def setUp(self):
		frappe.db.savepoint("pool_settings_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="pool_settings_test")

	def test_auto_return_is_off_by_default(self):
		doc = frappe.new_doc("CP Pool Settings")
		self.assertEqual(doc.auto_return_enabled, 0)
		self.assertEqual((doc.return_after_days, doc.warning_days, doc.holding_limit), (90, 7, 0))

	def test_warning_must_come_before_the_return(self):
		self.assertRaises(
			frappe.ValidationError,
			set_pool_settings,
			auto_return_enabled=1,
			return_after_days=10,
			warning_days=10,
		)
		self.assertRaises(
			frappe.ValidationError,
			set_pool_settings,
			auto_return_enabled=1,
			return_after_days=0,
			warning_days=0,
		)
		set_pool_settings(auto_return_enabled=1, return_after_days=30, warning_days=5, holding_limit=200)
		self.assertEqual(
			settings(),
			{"auto_return_enabled": 1, "return_after_days": 30, "warning_days": 5, "holding_limit": 200},
		)

	def test_only_administrators_change_the_settings(self):
		for user in (self.w.rep_a, self.w.mgr_east):
			with self.set_user(user):
				doc = frappe.get_doc("CP Pool Settings")
				doc.holding_limit = 1
				self.assertRaises(frappe.PermissionError, doc.save)
		with self.set_user(self.w.admin):
			doc = frappe.get_doc("CP Pool Settings")
			doc.holding_limit = 50
			doc.save()
		self.assertEqual(settings().holding_limit, 50)
