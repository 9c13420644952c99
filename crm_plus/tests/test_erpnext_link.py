"""Linking crm_plus customers / suppliers to ERPNext's: inert and refused cleanly without ERPNext."""

import unittest

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.api.erpnext import link_customer, link_supplier
from crm_plus.exceptions import ERPNextNotInstalledError
from crm_plus.tests.factories import VisibilityWorld, make_supplier

PREFIX = "ERP"
HAS_ERPNEXT = "erpnext" in frappe.get_installed_apps()


class TestERPNextLink(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.supplier = make_supplier(f"{PREFIX} 五金供应有限公司")

	def setUp(self):
		frappe.db.savepoint("erpnext_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="erpnext_test")

	@unittest.skipIf(HAS_ERPNEXT, "ERPNext is installed on this site")
	def test_on_a_bare_site_the_action_refuses_cleanly_and_changes_nothing(self):
		modified = frappe.db.get_value("CP Customer", self.w.cust_a, "modified")
		with self.set_user(self.w.rep_a):
			self.assertRaises(ERPNextNotInstalledError, link_customer, self.w.cust_a)
		self.assertRaises(ERPNextNotInstalledError, link_supplier, self.supplier)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_a, "modified"), modified)
		self.assertIsNone(frappe.db.get_value("CP Customer", self.w.cust_a, "erpnext_customer"))
		self.assertFalse(frappe.db.table_exists("Customer"))

	def test_the_permission_check_comes_first(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(frappe.PermissionError, link_customer, self.w.cust_b)
			self.assertRaises(frappe.PermissionError, link_supplier, self.supplier)

	@unittest.skipUnless(HAS_ERPNEXT, "ERPNext is not installed on this site")
	def test_a_customer_is_linked_to_a_new_then_the_same_erpnext_customer(self):
		first = link_customer(self.w.cust_a)
		self.assertEqual(
			frappe.db.get_value("Customer", first, "customer_name"), f"{PREFIX} 甲方科技有限公司"
		)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_a, "erpnext_customer"), first)
		self.assertEqual(link_customer(self.w.cust_a), first)

	@unittest.skipUnless(HAS_ERPNEXT, "ERPNext is not installed on this site")
	def test_a_supplier_is_linked_to_an_existing_erpnext_supplier_of_the_same_name(self):
		existing = frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": f"{PREFIX} 五金供应有限公司",
				"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0})
				or "All Supplier Groups",
			}
		).insert()
		self.assertEqual(link_supplier(self.supplier), existing.name)
