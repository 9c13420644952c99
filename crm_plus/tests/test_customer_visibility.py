"""The visibility rule (README, "Visibility"), tested as the user who must be refused, on every path a user has.

World (crm_plus.tests.factories.VisibilityWorld): reps A and B in team East (manager East), rep C in
team South (manager South), a CRM administrator, a price manager with no customer of their own, and
customers owned by A, by B, by C, one in the unassigned pool and one of B's shared with A.
"""

import csv
import io
import json

import frappe
import frappe.client
from frappe.desk import query_report, reportview
from frappe.desk.search import search_link
from frappe.tests.utils import FrappeTestCase

from crm_plus.overrides.listview import get_group_by_count
from crm_plus.tests.factories import VisibilityWorld, make_contact
from crm_plus.tests.requirements import method_exists

PREFIX = "VIS"


class TestCustomerVisibility(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.w = VisibilityWorld(PREFIX)
		cls.contact_a = make_contact(
			cls.w.cust_a,
			"Alice",
			designation="采购经理",
			email_ids=[{"email_id": "alice@vis-a.cn", "is_primary": 1}],
		)
		cls.contact_b = make_contact(cls.w.cust_b, "Bob", designation="总经理")
		address = frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": "B HQ",
				"address_line1": "乙方路 1 号",
				"city": "上海",
				"country": "China",
				"links": [{"link_doctype": "CP Customer", "link_name": cls.w.cust_b}],
			}
		).insert(ignore_permissions=True)
		cls.address_b = address.name

	def setUp(self):
		frappe.db.savepoint("visibility_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="visibility_test")

	def visible(self, user, **kwargs):
		with self.set_user(user):
			return set(
				frappe.get_list(
					"CP Customer", filters={"customer_name": ("like", f"{PREFIX} %")}, pluck="name", **kwargs
				)
			)

	# --- list view query ---------------------------------------------------------------------

	def test_list_query_returns_exactly_the_visible_customers_for_every_user(self):
		for user in self.w.users():
			if user == self.w.outsider:  # no role that reads customers at all: refused outright
				self.assertRaises(frappe.PermissionError, self.visible, user)
				continue
			self.assertEqual(self.visible(user), self.w.expected(user), user)

	def test_many_shares_take_the_subquery_form_of_the_rule(self):
		from unittest.mock import patch

		with patch("crm_plus.permissions.customer.INLINE_SHARES_LIMIT", 0):
			self.assertEqual(self.visible(self.w.rep_a), self.w.expected(self.w.rep_a))
			with self.set_user(self.w.rep_a):
				self.assertIn("select `share_name`", frappe.get_list("CP Customer", run=0))

	def test_report_view_and_count_apply_the_rule(self):
		with self.set_user(self.w.rep_a):
			frappe.local.form_dict = frappe._dict(
				doctype="CP Customer",
				fields=json.dumps(["`tabCP Customer`.`name`", "`tabCP Customer`.`customer_name`"]),
				filters=json.dumps([["CP Customer", "customer_name", "like", f"{PREFIX} %"]]),
				view="Report",
			)
			result = reportview.get()
			names = {row[0] for row in result["values"]}
			self.assertEqual(names, self.w.expected(self.w.rep_a))
			frappe.local.form_dict = frappe._dict(
				doctype="CP Customer",
				filters=json.dumps([["CP Customer", "customer_name", "like", f"{PREFIX} %"]]),
			)
			self.assertEqual(reportview.get_count(), 2)

	# --- forms and frappe.get_doc -------------------------------------------------------------

	def test_form_access_is_refused_for_other_reps_customers(self):
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_b))
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_c))
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_pool))
			self.assertTrue(frappe.has_permission("CP Customer", "read", self.w.cust_a))
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_shared))
			doc = frappe.get_doc("CP Customer", self.w.cust_b)
			self.assertRaises(frappe.PermissionError, doc.check_permission, "read")
			from frappe.desk.form.load import getdoc

			self.assertRaises(frappe.PermissionError, getdoc, "CP Customer", self.w.cust_b)

	def test_other_reps_customer_cannot_be_saved_or_deleted(self):
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc("CP Customer", self.w.cust_b)
			doc.remarks = "taken over"
			self.assertRaises(frappe.PermissionError, doc.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, "CP Customer", self.w.cust_a)

	def test_manager_sees_their_team_and_the_pool_but_not_the_other_team(self):
		with self.set_user(self.w.mgr_east):
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_a))
			self.assertTrue(frappe.has_permission("CP Customer", "write", self.w.cust_pool))
			self.assertFalse(frappe.has_permission("CP Customer", "read", self.w.cust_c))

	# --- REST helpers (frappe.client.*) ---------------------------------------------------------

	def test_frappe_client_methods_refuse_or_filter(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(frappe.PermissionError, frappe.client.get, "CP Customer", self.w.cust_b)
			self.assertEqual(frappe.client.get("CP Customer", self.w.cust_a)["name"], self.w.cust_a)
			listed = frappe.client.get_list(
				"CP Customer", filters={"customer_name": ("like", f"{PREFIX} %")}, limit_page_length=0
			)
			self.assertEqual({r["name"] for r in listed}, self.w.expected(self.w.rep_a))
			# the endpoint a REST client calls (/api/method/frappe.client.get_count) is the override
			count = frappe.get_attr(
				frappe.get_hooks("override_whitelisted_methods")["frappe.client.get_count"][-1]
			)
			self.assertEqual(count("CP Customer", filters={"customer_name": ("like", f"{PREFIX} %")}), 2)
			self.assertEqual(frappe.client.get_value("CP Customer", "customer_name", self.w.cust_b), {})
			self.assertEqual(
				frappe.client.get_value("CP Customer", "customer_name", self.w.cust_a),
				{"customer_name": f"{PREFIX} 甲方科技有限公司"},
			)

	# --- link search ----------------------------------------------------------------------------

	def test_link_search_only_offers_visible_customers(self):
		with self.set_user(self.w.rep_a):
			results = search_link("CP Customer", PREFIX, page_length=50)
			self.assertEqual({r["value"] for r in results}, self.w.expected(self.w.rep_a))
			results = search_link("CP Customer", "乙方", page_length=50)
			self.assertEqual([r["value"] for r in results], [])

	# --- sidebar group-by counts ------------------------------------------------------------------

	def test_group_by_counts_only_count_visible_customers(self):
		filters = json.dumps([["CP Customer", "customer_name", "like", f"{PREFIX} %"]])
		with self.set_user(self.w.rep_a):
			counts = {
				r["name"]: r["count"] for r in get_group_by_count("CP Customer", filters, "sales_owner")
			}
		self.assertEqual(counts, {self.w.rep_a: 1, self.w.rep_b: 1})

	def test_assigned_to_counts_only_count_visible_customers(self):
		from frappe.desk.form.assign_to import add as assign

		assign({"doctype": "CP Customer", "name": self.w.cust_b, "assign_to": [self.w.rep_b]})
		assign({"doctype": "CP Customer", "name": self.w.cust_c, "assign_to": [self.w.rep_b]})
		assign({"doctype": "CP Customer", "name": self.w.cust_shared, "assign_to": [self.w.rep_b]})
		filters = json.dumps([["CP Customer", "customer_name", "like", f"{PREFIX} %"]])
		with self.set_user(self.w.rep_a):
			counts = {
				r["name"]: r["count"] for r in get_group_by_count("CP Customer", filters, "assigned_to")
			}
		self.assertEqual(counts, {self.w.rep_b: 1})  # only the shared one

	# --- export -----------------------------------------------------------------------------------

	def test_export_contains_only_visible_customers(self):
		with self.set_user(self.w.rep_a):
			frappe.local.form_dict = frappe._dict(
				doctype="CP Customer",
				file_format_type="CSV",
				fields=json.dumps(["`tabCP Customer`.`name`", "`tabCP Customer`.`customer_name`"]),
				filters=json.dumps([["CP Customer", "customer_name", "like", f"{PREFIX} %"]]),
			)
			reportview.export_query()
			content = frappe.response["filecontent"]
			rows = list(csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content)))
		self.assertEqual({r[1] for r in rows[1:]}, self.w.expected(self.w.rep_a))

	def test_data_export_tool_contains_only_visible_customers(self):
		from frappe.core.doctype.data_export.exporter import export_data

		with self.set_user(self.w.rep_a):
			export_data(
				"CP Customer",
				select_columns=json.dumps({"CP Customer": ["name", "customer_name"]}),
				filters=json.dumps({"customer_name": ("like", f"{PREFIX} %")}),
				with_data=True,
				file_type="CSV",
			)
			content = frappe.response["result"]
		text = content if isinstance(content, str) else content.decode()
		for name in self.w.expected(self.w.rep_a):
			self.assertIn(name, text)
		for name in self.w.all_customers - self.w.expected(self.w.rep_a):
			self.assertNotIn(name, text)

	# --- print ------------------------------------------------------------------------------------

	def test_print_and_pdf_are_refused(self):
		from frappe.utils.print_format import download_pdf
		from frappe.www.printview import get_html_and_style

		with self.set_user(self.w.rep_a):
			self.assertRaises(frappe.PermissionError, get_html_and_style, "CP Customer", self.w.cust_b)
			self.assertRaises(frappe.PermissionError, download_pdf, "CP Customer", self.w.cust_b)
			html = get_html_and_style("CP Customer", self.w.cust_a)["html"]
			self.assertIn(f"{PREFIX} 甲方科技有限公司", html)

	# --- attachments ------------------------------------------------------------------------------

	def test_private_attachment_of_another_reps_customer_is_refused(self):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "vis-b-contract.txt",
				"content": b"secret terms",
				"is_private": 1,
				"attached_to_doctype": "CP Customer",
				"attached_to_name": self.w.cust_b,
			}
		).insert(ignore_permissions=True)
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("File", "read", file))
			self.assertNotIn(file.name, frappe.get_list("File", pluck="name", filters={"name": file.name}))
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("File", "read", file))

	def test_share_rows_of_invisible_customers_are_not_listed(self):
		with self.set_user(self.w.rep_c):
			rows = frappe.client.get_list(
				"CP Customer Share",
				parent="CP Customer",
				fields=["parent", "user"],
				filters={"parent": ("in", list(self.w.all_customers))},
				limit_page_length=0,
			)
		self.assertEqual(rows, [])
		with self.set_user(self.w.rep_a):
			rows = frappe.client.get_list(
				"CP Customer Share", parent="CP Customer", fields=["parent"], limit_page_length=0
			)
		self.assertEqual({r["parent"] for r in rows}, {self.w.cust_shared})

	# --- records that belong to a customer --------------------------------------------------------

	def test_contacts_and_addresses_follow_their_customer(self):
		with self.set_user(self.w.rep_a):
			contacts = set(
				frappe.get_list(
					"Contact", pluck="name", filters={"name": ("in", [self.contact_a, self.contact_b])}
				)
			)
			self.assertEqual(contacts, {self.contact_a})
			self.assertFalse(frappe.has_permission("Contact", "read", self.contact_b))
			self.assertRaises(frappe.PermissionError, frappe.client.get, "Contact", self.contact_b)
			self.assertFalse(frappe.has_permission("Address", "read", self.address_b))
			self.assertEqual(frappe.get_list("Address", pluck="name", filters={"name": self.address_b}), [])
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("Contact", "write", self.contact_b))
			self.assertTrue(frappe.has_permission("Address", "read", self.address_b))

	def test_erpnext_16s_primary_contact_picker_offers_only_contacts_the_rep_may_read(self):
		"""ERPNext 16's Customer form picks a primary contact with a query of its own that matches a link to
		any DocType of that name and ignores permissions (crm_plus/overrides/customer_contacts.py)."""
		path = "erpnext.selling.doctype.customer.customer.get_customer_primary_contact"
		if not method_exists(path):
			self.skipTest("ERPNext 16 is not installed: no such method")
		picker = frappe.get_attr(frappe.override_whitelisted_method(path))
		with self.set_user(self.w.rep_a):
			for customer, expected in ((self.w.cust_b, []), (self.w.cust_a, [self.contact_a])):
				rows = frappe.call(
					picker,
					doctype="Contact",
					txt="",
					searchfield="name",
					start=0,
					page_len=20,
					filters={"customer": customer},
				)
				self.assertEqual([row[0] for row in rows], expected, customer)
				# the Customer form's Link field asks it through the desk's search, past the request
				# handler's overrides (crm_plus/overrides/search.py)
				search = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.search.search_link"))
				found = frappe.call(
					search, doctype="Contact", txt="", query=path, filters={"customer": customer}
				)
				self.assertEqual([row["value"] for row in found], expected, customer)

	def test_the_shipment_forms_default_contact_is_only_a_contact_the_rep_may_read(self):
		"""ERPNext's Shipment form asks for a party's default contact without a permission check
		(crm_plus/overrides/default_contact.py)."""
		path = "erpnext.stock.doctype.shipment.shipment.get_contact_name"
		if not method_exists(path):
			self.skipTest("ERPNext is not installed: no such method")
		method = frappe.get_attr(frappe.override_whitelisted_method(path))
		with self.set_user(self.w.rep_a):
			for customer, expected in ((self.w.cust_b, None), (self.w.cust_a, self.contact_a)):
				answer = frappe.call(method, ref_doctype="CP Customer", docname=customer)
				self.assertEqual(answer, expected, customer)
		with self.set_user(self.w.rep_b):
			self.assertEqual(
				frappe.call(method, ref_doctype="CP Customer", docname=self.w.cust_b), self.contact_b
			)

	def test_a_rep_cannot_attach_a_contact_to_another_reps_customer(self):
		with self.set_user(self.w.rep_a):
			contact = frappe.new_doc("Contact")
			contact.first_name = "Mallory"
			contact.append("links", {"link_doctype": "CP Customer", "link_name": self.w.cust_b})
			self.assertRaises(frappe.PermissionError, contact.insert)

	def test_a_rep_cannot_take_over_another_reps_records_by_editing_them(self):
		with self.set_user(self.w.rep_a):
			# claim B's customer by writing oneself in as owner
			doc = frappe.get_doc("CP Customer", self.w.cust_b)
			doc.sales_owner = self.w.rep_a
			self.assertRaises(frappe.PermissionError, doc.save)
			# reach B's contact by linking it to one's own customer as well
			contact = frappe.get_doc("Contact", self.contact_b)
			contact.append("links", {"link_doctype": "CP Customer", "link_name": self.w.cust_a})
			self.assertRaises(frappe.PermissionError, contact.save)
		self.assertEqual(frappe.db.get_value("CP Customer", self.w.cust_b, "sales_owner"), self.w.rep_b)

	def test_business_cards_show_the_contacts_of_the_reps_customers(self):
		with self.set_user(self.w.rep_a):
			make_contact(self.w.cust_a, "Carol", designation="技术总监", mobile_no="13900139000")
			result = query_report.run("CP Business Cards", filters={"search": ""})
			cards = {row["full_name"]: row for row in result["result"]}
		self.assertIn("Carol", cards)
		self.assertIn("Alice", cards)
		self.assertNotIn("Bob", cards)
		self.assertEqual(cards["Carol"]["customer"], self.w.cust_a)
		self.assertEqual(cards["Carol"]["company_name"], f"{PREFIX} 甲方科技有限公司")
		self.assertEqual(cards["Carol"]["designation"], "技术总监")
		with self.set_user(self.w.rep_c):
			result = query_report.run("CP Business Cards", filters={})
			self.assertNotIn("Carol", {row["full_name"] for row in result["result"]})

	def test_personal_cards_are_private_to_their_creator(self):
		with self.set_user(self.w.rep_a):
			card = frappe.get_doc({"doctype": "Contact", "first_name": "Exhibition Lead"}).insert()
		with self.set_user(self.w.rep_b):
			self.assertFalse(frappe.has_permission("Contact", "read", card.name))
			self.assertEqual(frappe.get_list("Contact", pluck="name", filters={"name": card.name}), [])
		with self.set_user(self.w.rep_a):
			self.assertEqual(
				frappe.get_list("Contact", pluck="name", filters={"name": card.name}), [card.name]
			)

	# --- changes of owner -------------------------------------------------------------------------

	def test_a_customer_changing_hands_changes_who_sees_it_and_its_contacts(self):
		with self.set_user(self.w.mgr_east):
			doc = frappe.get_doc("CP Customer", self.w.cust_a)
			doc.sales_owner = self.w.rep_b
			doc.save()
		self.assertNotIn(self.w.cust_a, self.visible(self.w.rep_a))
		self.assertIn(self.w.cust_a, self.visible(self.w.rep_b))
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("Contact", "read", self.contact_a))
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("Contact", "read", self.contact_a))
