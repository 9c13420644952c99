"""Each class of issue 14 (README, "Security"), proved as the user who must be refused.

The generated surface (test_security_surface) calls every whitelisted method; these tests pin each class
with the calls that leaked before the fix, in the process or over real HTTP where the leak was in the
answer's serialisation (class 3).
"""

import json
from urllib.parse import quote

import frappe
import requests
from frappe.tests.utils import FrappeTestCase

from crm_plus import compat
from crm_plus.exceptions import AllocationNotAllowed, DuplicateCustomerError, OwnershipChangeNotAllowed
from crm_plus.tests.factories import make_customer, make_price_file
from crm_plus.tests.price_file_world import COST, PriceFileWorld
from crm_plus.tests.server import site_server
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "QZCLS"
LINE = "CP Price File Item"
PF = "CP Price File"


class SecurityWorld(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w

	def tearDown(self):
		frappe.set_user("Administrator")


class TestLinkSearch(SecurityWorld):
	"""Class 1: search_link / search_widget with flags that skip record rules."""

	def search(self, doctype, **kwargs):
		from frappe.desk.search import search_link

		path = "frappe.desk.search.search_link"
		method = frappe.get_attr(frappe.override_whitelisted_method(path))
		return frappe.call(method, doctype=doctype, txt=PREFIX, page_length=100, **kwargs)

	def test_ignore_user_permissions_and_reference_doctype_keep_the_record_rules(self):
		frappe.set_user(self.w.rep_a)
		for kwargs in (
			{"ignore_user_permissions": 1},
			{"ignore_user_permissions": 1, "reference_doctype": "CP Follow Up"},
			{"ignore_user_permissions": 1, "reference_doctype": PF},
		):
			with self.subTest(**kwargs):
				found = {r["value"] for r in self.search("CP Customer", **kwargs)}
				self.assertEqual(found, self.w.expected(self.w.rep_a))
		found = {r["value"] for r in self.search(PF, ignore_user_permissions=1)}
		self.assertEqual(found, {self.pw.a, self.pw.shared})

	def test_restricted_fields_cannot_be_search_or_filter_fields(self):
		frappe.set_user(self.w.rep_a)
		self.assertRaises(frappe.PermissionError, self.search, LINE, searchfield="cost_price")
		widget = frappe.get_attr(frappe.override_whitelisted_method("frappe.desk.search.search_widget"))
		self.assertRaises(
			frappe.PermissionError,
			frappe.call,
			widget,
			doctype=LINE,
			txt="",
			filter_fields=json.dumps(["cost_price"]),
		)


class TestExpressionsOnRestrictedFields(SecurityWorld):
	"""Class 2: a field above the user's level wrapped in an expression, group by or order by."""

	def test_expressions_group_by_and_order_by_on_cost_are_refused(self):
		frappe.set_user(self.w.rep_a)
		cases = [
			{"fields": ["sum(cost_price * 1) as s"]},
			{"fields": ["max(ifnull(cost_price, 0)) as s"]},
			{"fields": ["name"], "order_by": "cost_price desc"},
			{"fields": ["name"], "order_by": f"`tab{LINE}`.`cost_price` desc"},
			{"fields": ["count(*) as c"], "group_by": "margin"},
			{"fields": ["name"], "filters": [[LINE, "ifnull(cost_price, 0)", ">", 1]]},
			{"fields": ["name"], "filters": [[LINE, "cost_price", ">", 1]]},
		]
		parent_cases = [{"fields": [f"sum(`tab{LINE}`.cost_price * 1) as s"]}]
		if compat.QB_LIST_QUERIES:  # what the query builder takes besides (Frappe 16)
			cases += [
				{"fields": [{"SUM": "cost_price", "as": "s"}]},
				{"fields": [{"MAX": {"IFNULL": ["cost_price", 0]}, "as": "s"}]},
				{"fields": [{"SUM": f"`tab{LINE}`.`cost_price`", "as": "s"}]},
				{"fields": ["name"], "filters": {"cost_price": [">", 1]}},
				{"fields": ["name"], "filters": [["unit_price", ">", 0], "or", ["cost_price", ">", 1]]},
				{"fields": ["name"], "or_filters": [["unit_price", ">", 0], ["margin", "<", 0]]},
				{"fields": ["name"], "filters": [[f"`tab{LINE}`.`cost_price`", ">", 1]]},
			]
			parent_cases += [
				{"fields": [{"SUM": f"`tab{LINE}`.`cost_price`", "as": "s"}]},
				{"fields": ["name"], "order_by": "lines.cost_price desc"},
				{"fields": ["name"], "filters": [["lines.cost_price", ">", 1]]},
			]
		for kwargs in cases:
			with self.subTest(**kwargs):
				self.assertRaises(
					frappe.PermissionError, frappe.get_list, LINE, parent_doctype=PF, limit=0, **kwargs
				)
		# a child table's aggregate from its parent's list
		for kwargs in parent_cases:
			with self.subTest(parent=PF, **kwargs):
				self.assertRaises(frappe.PermissionError, frappe.get_list, PF, **kwargs)
		# what a rep may read still works, and a plain restricted field is still silently dropped
		rows = frappe.get_list(
			LINE,
			parent_doctype=PF,
			fields=["name", "cost_price", compat.aggregate_field("sum", "unit_price", "s")],
			order_by="unit_price desc",
			filters=[["unit_price", ">", 0]],
		)
		self.assertTrue(rows)
		self.assertNotIn("cost_price", rows[0])

	def test_chart_and_number_card_definitions_from_the_client(self):
		from frappe.desk.doctype.number_card.number_card import get_result

		frappe.set_user(self.w.rep_a)
		card = {
			"document_type": LINE,
			"parent_document_type": PF,
			"function": "Sum",
			"aggregate_function_based_on": "cost_price",
			"filters_json": "[]",
		}
		try:
			result = get_result(json.dumps(card), "[]")
		except frappe.PermissionError:
			result = None
		self.assertNotIn(str(COST), json.dumps(result, default=str))
		chart = frappe.get_attr(
			frappe.override_whitelisted_method("frappe.desk.doctype.dashboard_chart.dashboard_chart.get")
		)
		definition = {
			"chart_type": "Group By",
			"document_type": LINE,
			"parent_document_type": PF,
			"group_by_type": "Count",
			"group_by_based_on": "cost_price",
			"filters_json": "[]",
			"type": "Bar",
		}
		try:
			data = frappe.call(chart, chart=json.dumps(definition), no_cache=1)
		except frappe.PermissionError:
			data = None
		self.assertNotIn(str(COST), json.dumps(data, default=str))

	def test_managers_still_count_and_sum_what_they_may_read(self):
		frappe.set_user(self.pw.pm)
		rows = frappe.get_list(
			LINE, parent_doctype=PF, fields=[compat.aggregate_field("sum", "cost_price", "s")], limit=0
		)
		self.assertGreater(rows[0].s, 0)
		rows = frappe.get_list(LINE, parent_doctype=PF, fields=["name"], order_by="cost_price desc", limit=0)
		self.assertTrue(rows)
		rows = frappe.get_list(
			LINE,
			parent_doctype=PF,
			fields=["name", "cost_price"],
			filters=[["cost_price", ">", 0]],
			limit=0,
		)
		self.assertTrue(rows)
		self.assertIn("cost_price", rows[0])
		if compat.QB_LIST_QUERIES:  # the query builder's own function dict
			rows = frappe.get_list(
				LINE, parent_doctype=PF, fields=[{"SUM": "cost_price", "as": "s"}], limit=0
			)
			self.assertGreater(rows[0].s, 0)


class TestResponsesCarryNoRestrictedFields(FrappeTestCase):
	"""Class 3: the whole document echoed after a write or an action, over real HTTP, on the rep's own
	draft price file: cost and margin (permission level 1) never come back."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.pw = PriceFileWorld(PREFIX + "H")
		w = cls.pw.w
		cls.draft = make_price_file(
			w.cust_a, [{"product": cls.pw.bolt, "unit_price": 1.2, "cost_price": COST, "min_qty": 1}]
		)
		cls.token = api_token(w.rep_a)
		frappe.db.commit()
		cls.addClassCleanup(cls.pw.remove, [cls.draft])
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)

	def post(self, path, **data):
		r = requests.post(
			f"{self.base}/api/method/{path}", data=data, headers={"Authorization": self.token}, timeout=60
		)
		self.assertEqual(r.status_code, 200, r.text[:2000])
		return r

	def own_doc(self) -> dict:
		r = requests.get(
			f"{self.base}/api/method/frappe.desk.form.load.getdoc",
			params={"doctype": PF, "name": self.draft},
			headers={"Authorization": self.token},
			timeout=60,
		)
		self.assertEqual(r.status_code, 200, r.text[:2000])
		self.assertNotIn(str(COST), r.text)
		return r.json()["docs"][0]

	def assertNoCost(self, r):
		self.assertNotIn(str(COST), r.text)
		self.assertNotIn('"cost_price"', r.text)

	def test_writes_and_actions_answer_without_cost(self):
		self.assertNoCost(
			self.post(
				"frappe.client.set_value", doctype=PF, name=self.draft, fieldname="terms", value="net 30"
			)
		)
		doc = self.own_doc()
		self.assertNoCost(self.post("frappe.client.save", doc=json.dumps(doc)))
		doc = self.own_doc()
		self.assertNoCost(self.post("frappe.desk.form.save.savedocs", doc=json.dumps(doc), action="Save"))
		r = requests.put(
			f"{self.base}/api/resource/{quote(PF)}/{quote(self.draft)}",
			json={"terms": "net 45"},
			headers={"Authorization": self.token},
			timeout=60,
		)
		self.assertEqual(r.status_code, 200, r.text[:2000])
		self.assertNoCost(r)
		doc = self.own_doc()
		self.assertNoCost(
			self.post("frappe.model.workflow.apply_workflow", doc=json.dumps(doc), action="Submit for Review")
		)
		# the cost is still stored: the answers hid it, nothing lost it
		self.assertEqual(frappe.db.get_value(LINE, {"parent": self.draft}, "cost_price"), COST)


class TestDiscoveryAndFrameworkRecords(SecurityWorld):
	"""Classes 4 and 5: discovery endpoints, and framework records about a guarded record."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		w = cls.w
		cls.tag = f"{PREFIX.lower()}tag"
		for doctype, name in (("CP Customer", w.cust_b), (PF, cls.pw.b), ("CP Customer", w.cust_a)):
			doc = frappe.get_doc(doctype, name)
			doc.add_tag(cls.tag)
			doc.add_comment("Comment", f"{PREFIX} note on {name}")
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"description": f"{PREFIX} call",
					"reference_type": doctype,
					"reference_name": name,
					"allocated_to": w.rep_a,
				}
			).insert(ignore_permissions=True)

	def test_tags_list_only_visible_records(self):
		from frappe.desk.doctype.tag.tag import get_documents_for_tag

		frappe.set_user(self.w.rep_a)
		tagged = frappe.get_attr(
			frappe.override_whitelisted_method("frappe.desk.doctype.tag.tag.get_tagged_docs")
		)
		self.assertEqual(
			{r[0] for r in frappe.call(tagged, doctype="CP Customer", tag=f"%{self.tag}%")}, {self.w.cust_a}
		)
		self.assertEqual(frappe.call(tagged, doctype=PF, tag=f"%{self.tag}%"), [])
		names = {r["name"] for r in get_documents_for_tag("#" + self.tag)}
		self.assertFalse(names & {self.w.cust_b, self.pw.b}, names)

	def test_global_search_lists_only_visible_records(self):
		from frappe.utils.global_search import sync_global_search

		sync_global_search()
		frappe.set_user(self.w.rep_a)
		search = frappe.get_attr(frappe.override_whitelisted_method("frappe.utils.global_search.search"))
		found = {
			r["name"] for r in frappe.call(search, text=PREFIX, limit=100) if r["doctype"] == "CP Customer"
		}
		self.assertTrue(found <= self.w.expected(self.w.rep_a), found)

	def test_framework_records_about_another_reps_records_are_hidden(self):
		w = self.w
		frappe.set_user(w.rep_a)
		for doctype, dt_field, name_field in (
			("Comment", "reference_doctype", "reference_name"),
			("Tag Link", "document_type", "document_name"),
			("ToDo", "reference_type", "reference_name"),
			("DocShare", "share_doctype", "share_name"),
			("Version", "ref_doctype", "docname"),
		):
			with self.subTest(doctype=doctype):
				try:
					rows = frappe.get_list(doctype, fields=[dt_field, name_field], limit=0)
				except frappe.PermissionError:
					continue
				seen = {r[name_field] for r in rows if r[dt_field] in ("CP Customer", PF)}
				self.assertFalse(seen & {w.cust_b, w.cust_c, self.pw.b, self.pw.c}, seen)
		todo = frappe.get_all("ToDo", filters={"reference_name": w.cust_b}, pluck="name")[0]
		self.assertFalse(frappe.has_permission("ToDo", "read", doc=todo, user=w.rep_a))
		comment = frappe.get_all(
			"Comment", filters={"reference_name": w.cust_b, "comment_type": "Comment"}, pluck="name"
		)[0]
		self.assertFalse(frappe.has_permission("Comment", "read", doc=comment, user=w.rep_a))
		own = frappe.get_all("ToDo", filters={"reference_name": w.cust_a}, pluck="name")[0]
		self.assertTrue(frappe.has_permission("ToDo", "read", doc=own, user=w.rep_a))


class TestSelfGrantedAccess(SecurityWorld):
	"""Class 6: sharing, transfer and the Shared With table never reach what the role must not."""

	def test_nobody_shares_with_themselves(self):
		w = self.w
		frappe.set_user(w.mgr_east)
		self.assertRaises(frappe.PermissionError, frappe.share.add, "CP Customer", w.cust_b, w.mgr_east)
		doc = frappe.get_doc("CP Customer", w.cust_b)
		doc.append("shared_with", {"user": w.mgr_east})
		self.assertRaises(frappe.PermissionError, doc.save)
		frappe.set_user("Administrator")
		self.assertFalse(
			frappe.db.exists(
				"DocShare", {"share_name": w.cust_b, "user": w.mgr_east, "share_doctype": "CP Customer"}
			)
		)
		frappe.set_user(w.mgr_east)
		self.assertEqual(set(frappe.get_list(PF, pluck="name")), set())

	def test_a_manager_shares_only_within_his_teams(self):
		w = self.w
		frappe.set_user(w.mgr_east)
		self.assertRaises(frappe.PermissionError, frappe.share.add, "CP Customer", w.cust_b, w.mgr_south)
		self.assertRaises(frappe.PermissionError, frappe.share.add, "CP Customer", w.cust_b, w.rep_c)
		frappe.share.add("CP Customer", w.cust_b, w.rep_a)  # a rep of his team: allowed
		frappe.set_user("Administrator")
		frappe.share.remove("CP Customer", w.cust_b, w.rep_a)

	def test_a_user_a_record_is_shared_with_cannot_pass_it_on_by_assignment(self):
		from frappe.desk.form.assign_to import add as assign

		w = self.w
		frappe.set_user(w.rep_a)  # cust_shared is rep B's, shared with rep A
		self.assertRaises(
			frappe.PermissionError,
			assign,
			{"doctype": "CP Customer", "name": w.cust_shared, "assign_to": [w.rep_c]},
		)
		self.assertRaises(
			frappe.PermissionError,
			assign,
			{"doctype": PF, "name": self.pw.shared, "assign_to": [w.rep_c]},
		)
		frappe.set_user("Administrator")
		self.assertFalse(frappe.db.exists("DocShare", {"share_name": w.cust_shared, "user": w.rep_c}))
		self.assertFalse(frappe.has_permission(PF, "read", doc=self.pw.shared, user=w.rep_c))

	def test_a_manager_does_not_take_his_reps_customers_for_himself(self):
		from crm_plus.allocation.rights import check_target

		w = self.w
		frappe.set_user(w.mgr_east)
		doc = frappe.get_doc("CP Customer", w.cust_b)
		doc.sales_owner = w.mgr_east
		self.assertRaises(OwnershipChangeNotAllowed, doc.save)
		for operation in ("Transfer", "Allocate"):
			self.assertRaises(AllocationNotAllowed, check_target, operation, w.mgr_east, w.mgr_east)
		check_target("Transfer", w.mgr_east, w.rep_a)  # within his team: allowed


class TestFilesByURLAndDuplicates(SecurityWorld):
	"""Class 7 (files by URL) and the duplicate policy (form, REST, import name the owner)."""

	def test_an_import_cannot_read_another_users_private_file(self):
		w = self.w
		frappe.set_user(w.rep_b)
		private = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{PREFIX}-b.csv",
				"is_private": 1,
				"content": b"customer_name\nx\n",
			}
		).insert()
		frappe.set_user(w.rep_a)
		doc = frappe.get_doc(
			{"doctype": "CP Import", "import_type": "Customer", "import_file": private.file_url}
		)
		self.assertRaises(frappe.PermissionError, doc.insert)
		from crm_plus.imports.reader import read_rows

		self.assertRaises(frappe.PermissionError, read_rows, private.file_url)
		frappe.set_user(w.rep_b)
		self.assertEqual(read_rows(private.file_url)[0], ["customer_name"])

	def test_the_form_and_rest_name_the_existing_customer_and_its_owner(self):
		w = self.w
		owner_name = frappe.utils.get_fullname(w.rep_b)
		existing = frappe.db.get_value("CP Customer", w.cust_b, "customer_name")
		frappe.set_user(w.rep_a)
		with self.assertRaises(DuplicateCustomerError) as caught:
			frappe.get_doc({"doctype": "CP Customer", "customer_name": existing}).insert()
		for part in (existing, w.cust_b, owner_name):
			self.assertIn(part, str(caught.exception))
		from frappe.client import insert

		with self.assertRaises(DuplicateCustomerError) as caught:
			insert(json.dumps({"doctype": "CP Customer", "customer_name": existing + " 有限公司"}))
		self.assertIn(owner_name, str(caught.exception))

	def test_the_import_names_the_existing_customer_and_its_owner(self):
		from crm_plus.imports.parties import analyse_parties
		from crm_plus.utils.duplicates import duplicate_customer_message

		w = self.w
		existing = frappe.db.get_value("CP Customer", w.cust_b, "customer_name")
		message = duplicate_customer_message(existing, w.cust_b, w.rep_b, bold=False)
		self.assertIn(frappe.utils.get_fullname(w.rep_b), message)
		from crm_plus.imports import jobs
		from crm_plus.tests.test_import import customer_file

		frappe.set_user(w.rep_a)
		doc = frappe.get_doc({"doctype": "CP Import", "import_type": "Customer"}).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{PREFIX}-dup.xlsx",
				"attached_to_doctype": "CP Import",
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": customer_file([{"customer_name": existing}]),
			}
		).insert(ignore_permissions=True)
		doc.import_file = file.file_url
		doc.save()
		analysis = jobs._analyse(doc, lambda *a, **k: None)
		errors = [e for row in analysis.rows for e in row.errors]
		self.assertIn(message, errors)
