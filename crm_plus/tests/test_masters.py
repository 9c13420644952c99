"""The small master DocTypes (regions, industries, categories, sources, competitors, products,
solutions) and the records only code writes (grade history) or only some roles open (price file
settings): who may read, create and delete them, and that a name cannot be taken twice.

The DocTypes with rules of their own are tested where those rules live: the sales library in
test_library, grading in test_grading, churn in test_churn, supplier deliveries and evaluations in
test_cp_supplier, price file settings in the price file tests."""

import frappe
from frappe.tests.utils import FrappeTestCase

from crm_plus.tests.factories import make_user

# DocType -> (name field, a value)
NAMED_MASTERS = {
	"CP Region": ("region_name", "MST 测试区域"),
	"CP Industry": ("industry_name", "MST 测试行业"),
	"CP Customer Category": ("category_name", "MST 测试分类"),
	"CP Customer Source": ("source_name", "MST 测试来源"),
	"CP Competitor": ("competitor_name", "MST 测试对手"),
}
LIBRARY = {"CP Product": "product_name", "CP Solution": "title"}


class TestMasters(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.rep = make_user("mst-rep@crm-plus.test", ["CP Sales Rep"])
		cls.manager = make_user("mst-mgr@crm-plus.test", ["CP Sales Manager"])
		cls.editor = make_user("mst-editor@crm-plus.test", ["CP Library Editor"])
		cls.admin = make_user("mst-admin@crm-plus.test", ["CP CRM Administrator"])
		cls.pricing = make_user("mst-pricing@crm-plus.test", ["CP Price Manager"])

	def tearDown(self):
		frappe.set_user("Administrator")

	def _new(self, doctype: str, **values):
		doc = frappe.new_doc(doctype)
		doc.update(values)
		return doc

	def test_reps_read_masters_but_cannot_create_or_delete_them(self):
		for doctype, (field, value) in NAMED_MASTERS.items():
			with self.subTest(doctype):
				frappe.set_user(self.manager)
				name = self._new(doctype, **{field: value}).insert().name
				frappe.set_user(self.rep)
				self.assertIn(name, frappe.get_list(doctype, pluck="name", limit_page_length=0))
				with self.assertRaises(frappe.PermissionError):
					self._new(doctype, **{field: value + " 2"}).insert()
				with self.assertRaises(frappe.PermissionError):
					frappe.delete_doc(doctype, name)
				frappe.set_user(self.admin)
				frappe.delete_doc(doctype, name)
				self.assertFalse(frappe.db.exists(doctype, name))

	def test_a_master_name_cannot_be_taken_twice(self):
		frappe.set_user(self.admin)
		for doctype, (field, value) in NAMED_MASTERS.items():
			with self.subTest(doctype):
				self._new(doctype, **{field: value + " 重名"}).insert()
				with self.assertRaises(frappe.DuplicateEntryError):
					self._new(doctype, **{field: value + " 重名"}).insert()

	def test_only_library_editors_managers_and_admins_write_products_and_solutions(self):
		for doctype, field in LIBRARY.items():
			with self.subTest(doctype):
				frappe.set_user(self.rep)
				with self.assertRaises(frappe.PermissionError):
					self._new(doctype, **{field: "MST 资料 rep"}).insert()
				frappe.set_user(self.editor)
				name = self._new(doctype, **{field: "MST 资料"}).insert().name
				frappe.set_user(self.rep)
				self.assertTrue(frappe.has_permission(doctype, "read", name))
				self.assertFalse(frappe.has_permission(doctype, "write", name))

	def test_grade_history_is_written_only_by_code(self):
		for user in (self.rep, self.manager, self.admin):
			with self.subTest(user):
				frappe.set_user(user)
				self.assertFalse(frappe.has_permission("CP Grade History", "create"))
				self.assertFalse(frappe.has_permission("CP Grade History", "write"))
				self.assertTrue(frappe.has_permission("CP Grade History", "read"))

	def test_price_file_settings_are_closed_to_sales_users(self):
		for user in (self.rep, self.manager):
			with self.subTest(user):
				frappe.set_user(user)
				with self.assertRaises(frappe.PermissionError):
					frappe.get_doc("CP Price File Settings").check_permission("read")
		frappe.set_user(self.pricing)
		frappe.get_doc("CP Price File Settings").check_permission("write")
