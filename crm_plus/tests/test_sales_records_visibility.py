"""Follow-ups, orders, complaints and contracts follow their customer's visibility; suppliers, their
deliveries, evaluations, contacts and follow-ups follow supplier visibility.

Every path is tried as the user who must be refused: list queries (frappe.get_list, frappe.client),
forms (has_permission, frappe.client.get, getdoc), link search, counts, the sidebar group-by, export,
child rows of orders, and creating or moving records onto a party the user may not see.
"""

import csv
import io
import json

import frappe
import frappe.client
from frappe.desk import reportview
from frappe.desk.form.load import getdoc
from frappe.desk.search import search_link
from frappe.tests.utils import FrappeTestCase

from crm_plus.overrides.listview import get_group_by_count
from crm_plus.permissions import roles
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_complaint,
	make_contract,
	make_delivery,
	make_evaluation,
	make_follow_up,
	make_order,
	make_supplier,
	make_supplier_contact,
	make_user,
	minimal_pdf,
)

PREFIX = "SRV"
CUSTOMER_RECORDS = ("CP Follow Up", "CP Order", "CP Complaint", "CP Contract")


def _customer_of(doctype: str, name: str) -> str:
	return frappe.db.get_value(doctype, name, "customer")


class TestSalesRecordsVisibility(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = w = VisibilityWorld(PREFIX)
		cls.purchasing = make_user(f"{PREFIX.lower()}-purchasing@crm-plus.test", [roles.PURCHASING])
		cls.records = {dt: {} for dt in CUSTOMER_RECORDS}  # doctype -> customer -> record
		for i, customer in enumerate(sorted(w.all_customers)):
			cls.records["CP Follow Up"][customer] = make_follow_up(customer, f"{PREFIX} call {customer}")
			cls.records["CP Order"][customer] = make_order(
				customer, [(f"{PREFIX} 产品", 2, 50)], remarks=f"{PREFIX} order"
			)
			cls.records["CP Complaint"][customer] = make_complaint(customer, f"{PREFIX} 投诉 {customer}")
			cls.records["CP Contract"][customer] = make_contract(customer, f"{PREFIX}-CTR-{i}")
		cls.supplier = make_supplier(f"{PREFIX} 供应商有限公司", main_products="轴承")
		cls.supplier_follow_up = make_follow_up(
			cls.supplier, f"{PREFIX} supplier visit", party_type="Supplier"
		)
		cls.supplier_contact = make_supplier_contact(cls.supplier, f"{PREFIX}-Sam")
		cls.delivery = make_delivery(cls.supplier, f"{PREFIX} 轴承 100 件", "2026-01-10", "2026-01-09")
		cls.evaluation = make_evaluation(cls.supplier, 4, f"{PREFIX} good")

	def setUp(self):
		frappe.db.savepoint("sales_visibility")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="sales_visibility")

	def ours(self, doctype):
		return list(self.records[doctype].values())

	def listed(self, user, doctype, **kwargs):
		with self.set_user(user):
			return set(
				frappe.get_list(doctype, filters={"name": ("in", self.ours(doctype))}, pluck="name", **kwargs)
			)

	def expected_records(self, user, doctype):
		return {self.records[doctype][c] for c in self.w.expected(user)}

	# --- lists -------------------------------------------------------------------------------------

	def test_lists_show_exactly_the_records_of_visible_customers(self):
		for doctype in CUSTOMER_RECORDS:
			for user in self.w.users():
				if user == self.w.outsider and doctype != "CP Contract":
					# the price manager has no role on these at all: refused outright
					self.assertRaises(frappe.PermissionError, self.listed, user, doctype)
					continue
				self.assertEqual(
					self.listed(user, doctype), self.expected_records(user, doctype), (doctype, user)
				)

	def test_frappe_client_get_list_and_count_apply_the_rule(self):
		count = frappe.get_attr(
			frappe.get_hooks("override_whitelisted_methods")["frappe.client.get_count"][-1]
		)
		for doctype in CUSTOMER_RECORDS:
			with self.set_user(self.w.rep_a):
				rows = frappe.client.get_list(
					doctype, filters={"name": ("in", self.ours(doctype))}, limit_page_length=0
				)
				self.assertEqual({r["name"] for r in rows}, self.expected_records(self.w.rep_a, doctype))
				self.assertEqual(count(doctype, filters={"name": ("in", self.ours(doctype))}), 2, doctype)

	def test_group_by_sidebar_counts_only_visible_records(self):
		filters = json.dumps([["CP Order", "remarks", "=", f"{PREFIX} order"]])
		with self.set_user(self.w.rep_a):
			counts = {r["name"]: r["count"] for r in get_group_by_count("CP Order", filters, "customer")}
		self.assertEqual(set(counts), self.w.expected(self.w.rep_a))

	# --- forms -------------------------------------------------------------------------------------

	def test_forms_of_other_reps_records_are_refused_on_every_path(self):
		for doctype in CUSTOMER_RECORDS:
			theirs = self.records[doctype][self.w.cust_b]
			mine = self.records[doctype][self.w.cust_a]
			with self.set_user(self.w.rep_a):
				self.assertFalse(frappe.has_permission(doctype, "read", theirs), doctype)
				self.assertTrue(frappe.has_permission(doctype, "write", mine), doctype)
				self.assertRaises(frappe.PermissionError, frappe.client.get, doctype, theirs)
				self.assertRaises(frappe.PermissionError, getdoc, doctype, theirs)
				self.assertEqual(frappe.client.get_value(doctype, "customer", theirs), {})
				self.assertEqual(frappe.client.get(doctype, mine)["customer"], self.w.cust_a)
			with self.set_user(self.w.mgr_south):
				self.assertFalse(frappe.has_permission(doctype, "read", theirs), doctype)

	def test_records_cannot_be_created_for_or_moved_to_an_invisible_customer(self):
		with self.set_user(self.w.rep_a):
			follow_up = frappe.get_doc(
				{"doctype": "CP Follow Up", "customer": self.w.cust_b, "content": "sneaky"}
			)
			self.assertRaises(frappe.PermissionError, follow_up.insert)
			complaint = frappe.get_doc(
				{
					"doctype": "CP Complaint",
					"customer": self.w.cust_c,
					"subject": "x",
					"description": "x",
					"category": "Service",
				}
			)
			self.assertRaises(frappe.PermissionError, complaint.insert)
			order = frappe.get_doc(
				{
					"doctype": "CP Order",
					"customer": self.w.cust_b,
					"items": [
						{
							"product": frappe.db.get_value("CP Product", {"product_name": f"{PREFIX} 产品"}),
							"qty": 1,
							"rate": 1,
						}
					],
				}
			)
			self.assertRaises(frappe.PermissionError, order.insert)
			for doctype in ("CP Follow Up", "CP Complaint"):
				mine = frappe.get_doc(doctype, self.records[doctype][self.w.cust_a])
				mine.customer = self.w.cust_b
				self.assertRaises(frappe.PermissionError, mine.save)
		self.assertEqual(
			_customer_of("CP Follow Up", self.records["CP Follow Up"][self.w.cust_a]), self.w.cust_a
		)

	def test_records_cannot_be_deleted_by_a_rep_who_cannot_see_them(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(
				frappe.PermissionError,
				frappe.delete_doc,
				"CP Follow Up",
				self.records["CP Follow Up"][self.w.cust_b],
			)
		self.assertTrue(frappe.db.exists("CP Follow Up", self.records["CP Follow Up"][self.w.cust_b]))

	# --- link search, export, child rows -------------------------------------------------------------

	def test_link_search_only_offers_visible_records(self):
		with self.set_user(self.w.rep_a):
			orders = {r["value"] for r in search_link("CP Order", PREFIX, page_length=50)}
			self.assertEqual(orders, self.expected_records(self.w.rep_a, "CP Order"))
			complaints = {r["value"] for r in search_link("CP Complaint", f"{PREFIX} 投诉", page_length=50)}
			self.assertEqual(complaints, self.expected_records(self.w.rep_a, "CP Complaint"))
			contracts = {r["value"] for r in search_link("CP Contract", f"{PREFIX}-CTR", page_length=50)}
			self.assertEqual(contracts, self.expected_records(self.w.rep_a, "CP Contract"))
			follow_ups = {r["value"] for r in search_link("CP Follow Up", PREFIX, page_length=50)}
			self.assertEqual(follow_ups, self.expected_records(self.w.rep_a, "CP Follow Up"))

	def test_export_contains_only_visible_records(self):
		for doctype in CUSTOMER_RECORDS:
			with self.set_user(self.w.rep_a):
				frappe.local.form_dict = frappe._dict(
					doctype=doctype,
					file_format_type="CSV",
					fields=json.dumps([f"`tab{doctype}`.`name`", f"`tab{doctype}`.`customer`"]),
					filters=json.dumps([[doctype, "name", "in", self.ours(doctype)]]),
				)
				reportview.export_query()
				content = frappe.response["filecontent"]
				rows = list(
					csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content))
				)
			self.assertEqual({r[1] for r in rows[1:]}, self.expected_records(self.w.rep_a, doctype), doctype)

	def test_order_lines_of_invisible_orders_are_not_listed(self):
		with self.set_user(self.w.rep_a):
			lines = frappe.client.get_list(
				"CP Order Item",
				parent="CP Order",
				fields=["parent", "rate"],
				filters={"parent": ("in", self.ours("CP Order"))},
				limit_page_length=0,
			)
		self.assertEqual({r["parent"] for r in lines}, self.expected_records(self.w.rep_a, "CP Order"))

	def test_print_and_signed_contract_files_of_other_reps_are_refused(self):
		from frappe.www.printview import get_html_and_style

		theirs = self.records["CP Contract"][self.w.cust_b]
		signed = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "srv-signed-contract.pdf",
				"content": minimal_pdf(),
				"is_private": 1,
				"attached_to_doctype": "CP Contract",
				"attached_to_name": theirs,
				"attached_to_field": "signed_file",
			}
		).insert(ignore_permissions=True)
		with self.set_user(self.w.rep_a):
			for doctype in ("CP Order", "CP Contract", "CP Follow Up", "CP Complaint"):
				self.assertRaises(
					frappe.PermissionError, get_html_and_style, doctype, self.records[doctype][self.w.cust_b]
				)
			self.assertFalse(frappe.has_permission("File", "read", signed))
			self.assertEqual(frappe.get_list("File", filters={"name": signed.name}), [])
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("File", "read", signed))

	# --- suppliers -----------------------------------------------------------------------------------

	def test_reps_cannot_see_suppliers_on_any_path(self):
		with self.set_user(self.w.rep_a):
			for doctype, name in (
				("CP Supplier", self.supplier),
				("CP Supplier Delivery", self.delivery),
				("CP Supplier Quality Evaluation", self.evaluation),
			):
				self.assertRaises(frappe.PermissionError, frappe.get_list, doctype)
				self.assertFalse(frappe.has_permission(doctype, "read", name), doctype)
				self.assertRaises(frappe.PermissionError, frappe.client.get, doctype, name)
				try:
					found = search_link(doctype, PREFIX, page_length=50)
				except frappe.PermissionError:
					found = []
				self.assertEqual(found, [], doctype)
				frappe.local.form_dict = frappe._dict(
					doctype=doctype,
					file_format_type="CSV",
					fields=json.dumps([f"`tab{doctype}`.`name`"]),
					filters=json.dumps([]),
				)
				self.assertRaises(frappe.PermissionError, reportview.export_query)

	def test_supplier_follow_ups_and_contacts_follow_supplier_visibility(self):
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Follow Up", "read", self.supplier_follow_up))
			self.assertNotIn(self.supplier_follow_up, frappe.get_list("CP Follow Up", pluck="name"))
			self.assertRaises(
				frappe.PermissionError, frappe.client.get, "CP Follow Up", self.supplier_follow_up
			)
			self.assertFalse(frappe.has_permission("Contact", "read", self.supplier_contact))
			self.assertEqual(frappe.get_list("Contact", filters={"name": self.supplier_contact}), [])
			follow_up = frappe.get_doc(
				{
					"doctype": "CP Follow Up",
					"party_type": "Supplier",
					"supplier": self.supplier,
					"content": "x",
				}
			)
			self.assertRaises(frappe.PermissionError, follow_up.insert)
		with self.set_user(self.purchasing):
			listed = set(frappe.get_list("CP Follow Up", pluck="name"))
			self.assertIn(self.supplier_follow_up, listed)
			self.assertFalse(listed & set(self.ours("CP Follow Up")))  # no customer follow-ups
			self.assertTrue(frappe.has_permission("CP Follow Up", "write", self.supplier_follow_up))
			self.assertTrue(frappe.has_permission("Contact", "read", self.supplier_contact))
			self.assertEqual(
				frappe.get_list("Contact", filters={"name": self.supplier_contact}, pluck="name"),
				[self.supplier_contact],
			)
			self.assertFalse(
				frappe.has_permission("CP Follow Up", "read", self.records["CP Follow Up"][self.w.cust_a])
			)
			# a supplier follow-up cannot be moved onto a customer the purchaser cannot see
			doc = frappe.get_doc("CP Follow Up", self.supplier_follow_up)
			doc.update({"party_type": "Customer", "customer": self.w.cust_a, "supplier": None})
			self.assertRaises(frappe.PermissionError, doc.save)
		with self.set_user(self.w.mgr_east):
			self.assertTrue(frappe.has_permission("CP Supplier", "read", self.supplier))
			self.assertFalse(frappe.has_permission("CP Supplier", "write", self.supplier))
			self.assertTrue(frappe.has_permission("CP Follow Up", "read", self.supplier_follow_up))
			self.assertFalse(frappe.has_permission("CP Follow Up", "write", self.supplier_follow_up))

	def test_a_rep_cannot_attach_a_contact_to_a_supplier(self):
		with self.set_user(self.w.rep_a):
			contact = frappe.new_doc("Contact")
			contact.first_name = "Mallory"
			contact.append("links", {"link_doctype": "CP Supplier", "link_name": self.supplier})
			self.assertRaises(frappe.PermissionError, contact.insert)
