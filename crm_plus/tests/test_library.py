"""The sales library: who reads and edits it, case studies following their customer's
visibility (tested as the user who must be refused), cost prices hidden by permission level, and the
library's validations."""

import frappe
import frappe.client
from frappe.desk.search import search_link
from frappe.tests.utils import FrappeTestCase

from crm_plus.exceptions import InvalidDateRangeError, InvalidPhoneError
from crm_plus.overrides.client import get_count
from crm_plus.permissions import roles
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_case_study,
	make_competing_product,
	make_competitor,
	make_product,
	make_product_price,
	make_user,
)

PREFIX = "LIB"
LIBRARY = (
	"CP Product",
	"CP Product Price",
	"CP Solution",
	"CP Case Study",
	"CP Contract Template",
	"CP Competitor",
	"CP Competing Product",
	"CP Competitor Sales Person",
)


class TestLibrary(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# the framework makes the first user of a site without another System Manager one
		make_user("lib-system-manager@crm-plus.test", ["System Manager"])
		cls.w = w = VisibilityWorld(PREFIX)
		cls.editor = make_user("lib-editor@crm-plus.test", [roles.LIBRARY_EDITOR])
		cls.purchasing = make_user("lib-purchasing@crm-plus.test", [roles.PURCHASING])
		cls.cases = {
			None: make_case_study(f"{PREFIX} 行业通用案例"),
			w.cust_a: make_case_study(f"{PREFIX} 甲方案例", w.cust_a, deal_amount=500000),
			w.cust_b: make_case_study(f"{PREFIX} 乙方案例", w.cust_b, "Failure"),
			w.cust_c: make_case_study(f"{PREFIX} 丙方案例", w.cust_c),
			w.cust_pool: make_case_study(f"{PREFIX} 公海案例", w.cust_pool),
			w.cust_shared: make_case_study(f"{PREFIX} 共享案例", w.cust_shared),
		}
		cls.product = make_product(f"{PREFIX} 智能网关")
		cls.price = make_product_price(cls.product, 1999, cost_price=800, valid_from="2026-01-01")

	def setUp(self):
		frappe.db.savepoint("library_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="library_test")

	def visible_cases(self, user) -> set[str]:
		with self.set_user(user):
			return set(
				frappe.get_list("CP Case Study", filters={"title": ("like", f"{PREFIX} %")}, pluck="name")
			)

	def expected_cases(self, customers) -> set[str]:
		return {self.cases[c] for c in customers}

	# --- who reads, who edits ------------------------------------------------------------------

	def test_every_crm_role_reads_the_library_and_only_editors_change_it(self):
		readers = [self.w.rep_a, self.w.outsider, self.purchasing]
		editors = [self.editor, self.w.mgr_east, self.w.admin]
		for doctype in LIBRARY:
			for user in readers:
				self.assertTrue(frappe.has_permission(doctype, "read", user=user), (doctype, user))
				self.assertTrue(frappe.has_permission(doctype, "export", user=user), (doctype, user))
				for ptype in ("create", "write", "delete"):
					self.assertFalse(frappe.has_permission(doctype, ptype, user=user), (doctype, ptype, user))
			for user in editors:
				for ptype in ("read", "create", "write", "delete"):
					self.assertTrue(frappe.has_permission(doctype, ptype, user=user), (doctype, ptype, user))

	def test_a_sales_rep_cannot_add_or_change_library_records(self):
		with self.set_user(self.w.rep_a):
			competitor = frappe.get_doc({"doctype": "CP Competitor", "competitor_name": f"{PREFIX} 新对手"})
			self.assertRaises(frappe.PermissionError, competitor.insert)
			product = frappe.get_doc("CP Product", self.product)
			product.features = "<p>changed</p>"
			self.assertRaises(frappe.PermissionError, product.save)
		with self.set_user(self.editor):
			frappe.get_doc({"doctype": "CP Competitor", "competitor_name": f"{PREFIX} 新对手"}).insert()

	# --- case studies follow their customer --------------------------------------------------------

	def test_case_studies_follow_their_customers_visibility(self):
		w = self.w
		self.assertEqual(self.visible_cases(w.rep_a), self.expected_cases([None, w.cust_a, w.cust_shared]))
		self.assertEqual(self.visible_cases(w.rep_c), self.expected_cases([None, w.cust_c]))
		self.assertEqual(
			self.visible_cases(w.mgr_east),
			self.expected_cases([None, w.cust_a, w.cust_b, w.cust_shared, w.cust_pool]),
		)
		# a price manager sees no customer: only the case tied to none
		self.assertEqual(self.visible_cases(w.outsider), self.expected_cases([None]))
		# library editors and administrators curate the library: every case
		self.assertEqual(self.visible_cases(self.editor), set(self.cases.values()))
		self.assertEqual(self.visible_cases(w.admin), set(self.cases.values()))

	def test_another_reps_case_study_is_refused_on_every_path(self):
		case_b = self.cases[self.w.cust_b]
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Case Study", "read", case_b))
			self.assertRaises(frappe.PermissionError, frappe.client.get, "CP Case Study", case_b)
			self.assertRaises(
				frappe.PermissionError, frappe.get_doc("CP Case Study", case_b).check_permission
			)
			found = {r["value"] for r in search_link("CP Case Study", PREFIX, page_length=50)}
			self.assertNotIn(case_b, found)
			self.assertIn(self.cases[self.w.cust_a], found)
			self.assertEqual(get_count("CP Case Study", filters={"title": ("like", f"{PREFIX} %")}), 3)
			self.assertEqual(frappe.client.get_value("CP Case Study", "title", case_b), {})

	def test_a_manager_cannot_put_a_case_on_a_customer_outside_their_team(self):
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Case Study", self.cases[self.w.cust_a])
			doc.customer = self.w.cust_c
			self.assertRaises(frappe.PermissionError, doc.save)
			new = frappe.get_doc(
				{"doctype": "CP Case Study", "title": f"{PREFIX} 越权案例", "customer": self.w.cust_c}
			)
			self.assertRaises(frappe.PermissionError, new.insert)
			# their own team's customer is fine, and so is a case tied to no customer
			frappe.get_doc(
				{"doctype": "CP Case Study", "title": f"{PREFIX} 团队案例", "customer": self.w.cust_b}
			).insert()
		self.assertEqual(
			frappe.db.get_value("CP Case Study", self.cases[self.w.cust_a], "customer"), self.w.cust_a
		)

	def test_a_library_editor_writes_cases_of_any_customer(self):
		with self.set_user(self.editor):
			doc = frappe.get_doc("CP Case Study", self.cases[self.w.cust_c])
			doc.summary = "<p>复盘</p>"
			doc.save()
			self.assertEqual(doc.customer_name, f"{PREFIX} 丙方制造有限公司")

	def test_attachments_of_an_invisible_case_are_not_listed(self):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "lib-case-b.txt",
				"content": b"lost deal notes",
				"is_private": 1,
				"attached_to_doctype": "CP Case Study",
				"attached_to_name": self.cases[self.w.cust_b],
			}
		).insert(ignore_permissions=True)
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("File", "read", file))
			self.assertEqual(frappe.get_list("File", pluck="name", filters={"name": file.name}), [])

	def test_case_studies_are_in_the_customer_centre(self):
		data = frappe.get_meta("CP Customer").get_dashboard_data()
		self.assertIn("CP Case Study", [i for group in data.transactions for i in group["items"]])

	# --- cost prices -------------------------------------------------------------------------------

	def test_cost_price_is_hidden_from_those_without_its_permission_level(self):
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.client.get("CP Product Price", self.price).get("cost_price"))
			rows = frappe.get_list(
				"CP Product Price", filters={"name": self.price}, fields=["price", "cost_price"]
			)
			self.assertEqual(rows, [{"price": 1999}])
		with self.set_user(self.w.outsider):  # the price manager
			self.assertEqual(frappe.client.get("CP Product Price", self.price)["cost_price"], 800)

	# --- validation --------------------------------------------------------------------------------

	def test_a_price_valid_to_before_valid_from_is_refused(self):
		doc = frappe.get_doc(
			{
				"doctype": "CP Product Price",
				"product": self.product,
				"price": 10,
				"valid_from": "2026-06-01",
				"valid_to": "2026-05-01",
			}
		)
		self.assertRaises(InvalidDateRangeError, doc.insert)
		doc.valid_to, doc.price = "2026-07-01", -1
		self.assertRaises(frappe.ValidationError, doc.insert)

	def test_case_competitors_are_listed_once_with_their_own_products(self):
		huawei = make_competitor(f"{PREFIX} 华为")
		h3c = make_competitor(f"{PREFIX} 新华三")
		router = make_competing_product(f"{PREFIX} AR 路由器", huawei, price=2500)

		def case(*rows):
			doc = frappe.get_doc("CP Case Study", self.cases[None])
			doc.set("competitors", [{"competitor": c, "competing_product": p} for c, p in rows])
			return doc

		self.assertRaises(frappe.ValidationError, case((huawei, None), (huawei, None)).save)
		self.assertRaises(frappe.ValidationError, case((huawei, None), (h3c, router)).save)
		doc = case((huawei, router), (h3c, None))
		doc.save()
		self.assertEqual(
			[(r.competitor, r.competing_product) for r in doc.competitors], [(huawei, router), (h3c, None)]
		)

	def test_a_competitor_sales_persons_phone_is_checked(self):
		competitor = make_competitor(f"{PREFIX} 华为")
		doc = frappe.get_doc(
			{
				"doctype": "CP Competitor Sales Person",
				"person_name": "张经理",
				"competitor": competitor,
				"phone": "12345",
			}
		)
		self.assertRaises(InvalidPhoneError, doc.insert)
		doc.phone = "13800138000"
		doc.insert()
