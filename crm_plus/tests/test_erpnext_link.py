"""Linking crm_plus customers / suppliers to ERPNext's: end to end where ERPNext is installed, refused
cleanly and inert where it is not. Every test runs on both kinds of site the test command makes."""

import frappe
import requests
from frappe.tests.utils import FrappeTestCase

from crm_plus.api.erpnext import link_customer, link_supplier
from crm_plus.exceptions import ERPNextNotInstalledError
from crm_plus.permissions import roles
from crm_plus.tests.factories import VisibilityWorld, make_supplier, make_user
from crm_plus.tests.requirements import has_erpnext
from crm_plus.tests.server import site_server
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "ERP"


class TestERPNextLink(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = has_erpnext()
		cls.w = VisibilityWorld(PREFIX)
		cls.supplier = make_supplier(f"{PREFIX} 五金供应有限公司")

	def setUp(self):
		frappe.db.savepoint("erpnext_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="erpnext_test")

	def assert_refused_and_unchanged(self):
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

	def test_a_customer_is_linked_to_a_new_then_the_same_erpnext_customer(self):
		if not self.erpnext:
			return self.assert_refused_and_unchanged()
		first = link_customer(self.w.cust_a)
		self.assertEqual(
			frappe.db.get_value("Customer", first, "customer_name"), f"{PREFIX} 甲方科技有限公司"
		)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_a, "erpnext_customer"), first)
		self.assertEqual(link_customer(self.w.cust_a), first)
		self.assertEqual(frappe.db.count("Customer", {"customer_name": f"{PREFIX} 甲方科技有限公司"}), 1)

	def test_a_supplier_is_linked_to_an_existing_erpnext_supplier_of_the_same_name(self):
		if not self.erpnext:
			return self.assert_refused_and_unchanged()
		existing = frappe.get_doc(
			{
				"doctype": "Supplier",
				"supplier_name": f"{PREFIX} 五金供应有限公司",
				"supplier_group": frappe.db.get_value("Supplier Group", {"is_group": 0})
				or "All Supplier Groups",
			}
		).insert()
		self.assertEqual(link_supplier(self.supplier), existing.name)
		self.assertEqual(frappe.db.get_value("CP Supplier", self.supplier, "erpnext_supplier"), existing.name)


class TestERPNextLinkOverHTTP(FrappeTestCase):
	"""The form's "Link to ERPNext" button, as the desk sends it: a POST by a rep with an API key."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.erpnext = has_erpnext()
		cls.w = VisibilityWorld(f"{PREFIX}H")
		# a rep who is also an ERPNext Sales User may create ERPNext customers; rep_b is only a crm_plus rep
		cls.seller = make_user("erph-seller@crm-plus.test", [roles.SALES_REP, *cls.erpnext_roles()])
		frappe.db.set_value("CP Customer", cls.w.cust_a, "sales_owner", cls.seller)
		frappe.db.commit()
		cls.token_seller = api_token(cls.seller)
		cls.token_b = api_token(cls.w.rep_b)
		frappe.db.commit()

	@classmethod
	def erpnext_roles(cls) -> list[str]:
		return ["Sales User"] if frappe.db.exists("Role", "Sales User") else []

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for customer in (cls.w.cust_a, cls.w.cust_b):
			linked = frappe.db.get_value("CP Customer", customer, "erpnext_customer")
			if linked and frappe.db.exists("Customer", linked):
				frappe.delete_doc("Customer", linked, force=True)
		cls.w.remove()
		frappe.db.commit()
		super().tearDownClass()

	def post(self, base, token, customer):
		return requests.post(
			f"{base}/api/method/crm_plus.api.erpnext.link_customer",
			data={"customer": customer},
			headers={"Authorization": token, "Accept": "application/json"},
			timeout=60,
		)

	def test_link_to_erpnext_end_to_end(self):
		with site_server() as base:
			mine = self.post(base, self.token_seller, self.w.cust_a)
			theirs = self.post(base, self.token_seller, self.w.cust_b)
			without_erpnext_rights = self.post(base, self.token_b, self.w.cust_b)
		frappe.db.rollback()  # see what the server committed
		self.assertEqual(theirs.status_code, 403, theirs.text[:300])
		self.assertIsNone(frappe.db.get_value("CP Customer", self.w.cust_b, "erpnext_customer"))
		if not self.erpnext:
			self.assertEqual(mine.status_code, 417, mine.text[:300])
			self.assertIn("ERPNext", mine.json().get("exception", "") + mine.text)
			self.assertIsNone(frappe.db.get_value("CP Customer", self.w.cust_a, "erpnext_customer"))
			return
		self.assertEqual(mine.status_code, 200, mine.text[:500])
		linked = mine.json()["message"]
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_a, "erpnext_customer"), linked)
		self.assertEqual(
			frappe.db.get_value("Customer", linked, "customer_name"), f"{PREFIX}H 甲方科技有限公司"
		)
		# a rep without ERPNext's Sales User role is refused by ERPNext's own permissions; nothing is linked
		self.assertEqual(without_erpnext_rights.status_code, 403, without_erpnext_rights.text[:300])
		self.assertIsNone(frappe.db.get_value("CP Customer", self.w.cust_b, "erpnext_customer"))


class TestSellingFlowBesideCrmPlus(FrappeTestCase):
	"""ERPNext's selling flow for a crm_plus customer linked to ERPNext: Quotation -> Sales Order -> Sales
	Invoice, submitted, by a rep who is also an ERPNext Sales and Accounts User."""

	def test_quotation_to_sales_order_to_sales_invoice(self):
		if not has_erpnext():
			# a bare Frappe site: there is no selling flow, and crm_plus does not need one
			self.assertFalse(frappe.db.exists("DocType", "Quotation"))
			return
		from erpnext.selling.doctype.quotation.quotation import make_sales_order
		from erpnext.selling.doctype.sales_order.sales_order import make_sales_invoice

		w = VisibilityWorld(f"{PREFIX}S")
		rep = make_user("erps-rep@crm-plus.test", [roles.SALES_REP, "Sales User", "Accounts User"])
		frappe.db.set_value("CP Customer", w.cust_a, "sales_owner", rep)
		company = frappe.defaults.get_global_default("company") or frappe.get_all("Company", pluck="name")[0]
		item = frappe.get_doc(
			{
				"doctype": "Item",
				"item_code": "CRM-PLUS-FLOW-ITEM",
				"item_name": "CRM Plus flow item",
				"item_group": frappe.db.get_value("Item Group", {"is_group": 0}) or "All Item Groups",
				"stock_uom": "Nos",
				"is_stock_item": 0,
			}
		)
		if not frappe.db.exists("Item", item.item_code):
			item.insert()
		try:
			with self.set_user(rep):
				customer = link_customer(w.cust_a)
				quotation = frappe.get_doc(
					{
						"doctype": "Quotation",
						"quotation_to": "Customer",
						"party_name": customer,
						"company": company,
						"items": [{"item_code": item.item_code, "qty": 2, "rate": 150}],
					}
				).insert()
				quotation.submit()
				order = make_sales_order(quotation.name)
				order.delivery_date = frappe.utils.add_days(frappe.utils.nowdate(), 7)
				order.insert()
				order.submit()
				invoice = make_sales_invoice(order.name)
				invoice.insert()
				invoice.submit()
			self.assertEqual(order.customer, customer)
			self.assertEqual(invoice.customer, customer)
			self.assertEqual(invoice.items[0].sales_order, order.name)
			self.assertEqual(invoice.net_total, 300)
			self.assertEqual(frappe.db.get_value("Sales Order", order.name, "per_billed"), 100)
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
