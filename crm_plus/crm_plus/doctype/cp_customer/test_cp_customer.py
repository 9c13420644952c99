# Copyright (c) 2026, crm_plus contributors
# See license.txt

import re

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.exceptions import (
	DuplicateCustomerError,
	InvalidEmailError,
	InvalidPhoneError,
	InvalidTaxIdError,
	OwnershipChangeNotAllowed,
)
from crm_plus.tests.factories import VisibilityWorld, make_contact, make_customer

PREFIX = "CUS"


class TestCPCustomer(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)

	def setUp(self):
		frappe.db.savepoint("customer_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="customer_test")

	def new_customer(self, name, **fields):
		return frappe.get_doc({"doctype": "CP Customer", "customer_name": name, **fields})

	def count(self):
		return frappe.db.count("CP Customer")

	# --- the record -------------------------------------------------------------------------------

	def test_customer_code_is_auto_numbered_and_creator_rep_owns_it(self):
		with self.set_user(self.w.rep_a):
			doc = self.new_customer(f"{PREFIX} 新客户有限公司", region=None).insert()
		self.assertRegex(doc.name, r"^C\d{4}\d{5}$")
		self.assertEqual(doc.sales_owner, self.w.rep_a)
		self.assertEqual(doc.status, "Active")

	def test_manager_may_create_an_unassigned_customer(self):
		with self.set_user(self.w.mgr_east):
			doc = self.new_customer(f"{PREFIX} 公海新客户").insert()
		self.assertFalse(doc.sales_owner)

	def test_changes_are_tracked_in_versions(self):
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_a)
			doc.remarks = "prefers WeChat"
			doc.save(ignore_version=False)  # the test runner turns versions off unless asked
		version = frappe.get_last_doc("Version", filters={"ref_doctype": "CP Customer", "docname": doc.name})
		self.assertIn("prefers WeChat", version.data)

	# --- bad input --------------------------------------------------------------------------------

	def test_duplicate_names_after_normalisation_are_refused_naming_the_existing_record(self):
		make_customer(f"{PREFIX} 北京星河科技有限公司", self.w.rep_b)
		existing = frappe.db.get_value("CP Customer", {"customer_name": f"{PREFIX} 北京星河科技有限公司"})
		before = self.count()
		for spelling in (
			f"{PREFIX} 北京星河科技股份有限公司",
			f"{PREFIX.lower()}  北京 星河科技（有限公司）",
			f"{PREFIX} 北京星河科技有限责任公司",
			"ＣＵＳ 北京星河科技",
		):
			with self.set_user(self.w.rep_a):
				with self.assertRaises(DuplicateCustomerError) as caught:
					self.new_customer(spelling).insert()
			self.assertIn(existing, str(caught.exception))
			self.assertIn("北京星河科技有限公司", str(caught.exception))
		self.assertEqual(self.count(), before)

	def test_renaming_into_a_duplicate_is_refused(self):
		doc = frappe.get_doc("CP Customer", self.w.cust_a)
		doc.customer_name = f"{PREFIX} 乙方贸易股份有限公司"
		self.assertRaises(DuplicateCustomerError, doc.save)
		self.assertEqual(
			frappe.db.get_value("CP Customer", doc.name, "customer_name"), f"{PREFIX} 甲方科技有限公司"
		)

	def test_malformed_phone_email_and_tax_id_are_refused_and_nothing_is_saved(self):
		before = self.count()
		cases = [
			({"phone": "12345"}, InvalidPhoneError, "12345"),
			({"phone": "138001380001"}, InvalidPhoneError, "138001380001"),
			({"email": "sales@@example.com"}, InvalidEmailError, "sales@@example.com"),
			({"email": "sales.example.com"}, InvalidEmailError, "sales.example.com"),
			({"tax_id": "91350100M000100Y44"}, InvalidTaxIdError, "91350100M000100Y44"),
		]
		for fields, error, shown in cases:
			with self.set_user(self.w.rep_a), self.assertRaises(error) as caught:
				self.new_customer(f"{PREFIX} 坏数据有限公司", **fields).insert()
			self.assertIn(shown, str(caught.exception))
		self.assertEqual(self.count(), before)

	def test_valid_phone_email_and_tax_id_are_accepted(self):
		with self.set_user(self.w.rep_a):
			doc = self.new_customer(
				f"{PREFIX} 好数据有限公司",
				phone="0755-8888 6666 转 123",
				email="Sales@Example.com",
				tax_id="91350100m000100y43",
			).insert()
		self.assertEqual(doc.tax_id, "91350100M000100Y43")

	def test_duplicate_tax_id_is_refused(self):
		frappe.db.set_value("CP Customer", self.w.cust_b, "tax_id", "91350100M000100Y43")
		with self.set_user(self.w.rep_a), self.assertRaises(DuplicateCustomerError) as caught:
			self.new_customer(f"{PREFIX} 另一家有限公司", tax_id="91350100M000100Y43").insert()
		self.assertIn(self.w.cust_b, str(caught.exception))

	def test_invalid_contact_phone_under_a_customer_is_refused(self):
		with self.assertRaises(InvalidPhoneError):
			make_contact(self.w.cust_a, "Wrong", phone_nos=[{"phone": "0000", "is_primary_phone": 1}])
		with self.assertRaises(InvalidEmailError):
			make_contact(self.w.cust_a, "Wrong", email_ids=[{"email_id": "a@b", "is_primary": 1}])
		self.assertFalse(frappe.db.exists("Contact", {"first_name": "Wrong"}))

	# --- ownership --------------------------------------------------------------------------------

	def test_a_rep_cannot_create_a_customer_for_another_rep(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(
				(frappe.PermissionError, OwnershipChangeNotAllowed),
				self.new_customer(f"{PREFIX} 代建客户", sales_owner=self.w.rep_b).insert,
			)

	def test_manager_assigns_within_their_team_only(self):
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Customer", self.w.cust_pool)
			doc.sales_owner = self.w.rep_c  # South's rep
			self.assertRaises(frappe.PermissionError, doc.save)
			doc.reload()
			doc.sales_owner = self.w.rep_a
			doc.save()
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_pool, "sales_owner"), self.w.rep_a)

	def test_shared_user_maintains_the_customer_but_cannot_change_owner_or_sharing(self):
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_shared)
			doc.preferences = "月结 60 天"
			doc.save()
			doc.append("shared_with", {"user": self.w.rep_c})
			self.assertRaises(OwnershipChangeNotAllowed, doc.save)
			doc.reload()
			doc.sales_owner = self.w.rep_a
			self.assertRaises(OwnershipChangeNotAllowed, doc.save)
			self.assertRaises(
				frappe.PermissionError, frappe.share.add, "CP Customer", self.w.cust_shared, self.w.rep_c
			)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_shared, "preferences"), "月结 60 天")

	# --- sharing kept in step with DocShare -------------------------------------------------------

	def shares(self, name):
		return {
			s.user: (s.read, s.write, s.share)
			for s in frappe.get_all(
				"DocShare",
				{"share_doctype": "CP Customer", "share_name": name},
				["user", "read", "write", "share"],
			)
		}

	def table(self, name):
		return {r.user for r in frappe.get_doc("CP Customer", name).shared_with}

	def test_shared_with_table_creates_and_removes_docshares(self):
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_a)
			doc.append("shared_with", {"user": self.w.rep_c})
			doc.append("shared_with", {"user": self.w.rep_c})  # twice: kept once
			doc.save()
		self.assertEqual(self.shares(self.w.cust_a), {self.w.rep_c: (1, 1, 0)})
		self.assertEqual(self.table(self.w.cust_a), {self.w.rep_c})
		with self.set_user(self.w.rep_c):
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_a))
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_a)
			doc.set("shared_with", [])
			doc.save()
		self.assertEqual(self.shares(self.w.cust_a), {})
		with self.set_user(self.w.rep_c):
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_a))

	def test_sharing_from_the_sidebar_fills_the_table(self):
		with self.set_user(self.w.rep_a):
			frappe.share.add("CP Customer", self.w.cust_a, self.w.rep_c, read=1, write=1, share=1)
		self.assertEqual(self.table(self.w.cust_a), {self.w.rep_c})
		self.assertEqual(self.shares(self.w.cust_a), {self.w.rep_c: (1, 1, 0)})  # never re-sharable
		with self.set_user(self.w.rep_a):  # what the sidebar's un-share does
			frappe.share.set_permission("CP Customer", self.w.cust_a, self.w.rep_c, "read", 0)
		self.assertEqual(self.table(self.w.cust_a), set())

	def test_sharing_with_everyone_is_refused(self):
		with self.set_user(self.w.rep_a), self.assertRaises(frappe.PermissionError):
			frappe.share.add("CP Customer", self.w.cust_a, everyone=1)
		self.assertFalse(frappe.db.exists("DocShare", {"share_name": self.w.cust_a, "everyone": 1}))

	def test_customer_link_title_shows_the_name(self):
		self.assertTrue(frappe.get_meta("CP Customer").show_title_field_in_link)
		self.assertTrue(re.match(r"^C\d{9}$", self.w.cust_a))


class TestCustomerCustomFields(FrappeTestCase):
	"""Adding a column commits (DDL), so this test cleans up after itself instead of rolling back."""

	def test_custom_fields_can_be_added_without_code(self):
		"""What Customize Form does: a Custom Field on CP Customer, then used like any field."""
		fieldname = "decision_chain_contact"
		frappe.get_doc(
			{
				"doctype": "Custom Field",
				"dt": "CP Customer",
				"fieldname": fieldname,
				"label": "Decision Chain Contact",
				"fieldtype": "Data",
				"insert_after": "remarks",
			}
		).insert()
		customer = make_customer("CF 自定义字段测试有限公司", None)

		def cleanup():
			frappe.delete_doc("CP Customer", customer, force=True)
			frappe.delete_doc("Custom Field", f"CP Customer-{fieldname}", force=True)
			frappe.db.commit()

		self.addCleanup(cleanup)
		self.assertTrue(frappe.get_meta("CP Customer").has_field(fieldname))
		doc = frappe.get_doc("CP Customer", customer)
		doc.set(fieldname, "王总 (董事长)")
		doc.save()
		self.assertEqual(frappe.db.get_value("CP Customer", customer, fieldname), "王总 (董事长)")
