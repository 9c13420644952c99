"""Confidential price files, tested as the user who must be refused, on every path.

A price file is visible to the customer's owner, users the customer or the file is shared with,
price managers and administrators; sales managers see their reps' files only when shared with them.
Cost and margin (permlevel 1) reach price managers and administrators only. World: price_file_world.
"""

import csv
import io
import json

import frappe
import frappe.client
from frappe.desk import reportview
from frappe.desk.search import search_link
from frappe.tests.utils import FrappeTestCase

from crm_plus.api import price_file as api
from crm_plus.overrides.listview import get_group_by_count
from crm_plus.tests.price_file_world import COST, PriceFileWorld

PREFIX = "PFV"
DT = "CP Price File"


class TestPriceFileVisibility(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w

	def setUp(self):
		frappe.db.savepoint("price_file_visibility")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="price_file_visibility")

	def listed(self, user, **kwargs):
		with self.set_user(user):
			return set(
				frappe.get_list(DT, filters={"name": ("in", list(self.pw.all))}, pluck="name", **kwargs)
			)

	# --- list, count, report view ----------------------------------------------------------------

	def test_list_returns_exactly_the_visible_files_for_every_user(self):
		for user in self.pw.users():
			self.assertEqual(self.listed(user), self.pw.expected(user), user)

	def test_sales_manager_does_not_see_the_price_files_of_the_teams_customers(self):
		with self.set_user(self.w.mgr_east):
			self.assertTrue(frappe.has_permission("CP Customer", "read", self.w.cust_a))
			self.assertFalse(frappe.has_permission(DT, "read", self.pw.a))
			self.assertRaises(frappe.PermissionError, frappe.client.get, DT, self.pw.a)

	def test_sharing_the_file_with_a_manager_opens_it(self):
		doc = frappe.get_doc(DT, self.pw.a)
		doc.append("shared_with", {"user": self.w.mgr_east})
		doc.save()
		with self.set_user(self.w.mgr_east):
			self.assertTrue(frappe.has_permission(DT, "read", self.pw.a))
		self.assertEqual(self.listed(self.w.mgr_east), {self.pw.a})

	def test_report_view_and_counts_apply_the_rule(self):
		with self.set_user(self.w.rep_a):
			frappe.local.form_dict = frappe._dict(
				doctype=DT,
				fields=json.dumps([f"`tab{DT}`.`name`", f"`tab{DT}`.`title`"]),
				filters=json.dumps([[DT, "name", "in", list(self.pw.all)]]),
				view="Report",
			)
			result = reportview.get()
			self.assertEqual({row[0] for row in result["values"]}, self.pw.expected(self.w.rep_a))
			frappe.local.form_dict = frappe._dict(
				doctype=DT, filters=json.dumps([[DT, "name", "in", list(self.pw.all)]])
			)
			self.assertEqual(reportview.get_count(), 2)
			count = frappe.get_attr(
				frappe.get_hooks("override_whitelisted_methods")["frappe.client.get_count"][-1]
			)
			self.assertEqual(count(DT, filters={"name": ("in", list(self.pw.all))}), 2)

	def test_sidebar_counts_only_count_visible_files(self):
		filters = json.dumps([[DT, "name", "in", list(self.pw.all)]])
		with self.set_user(self.w.rep_a):
			counts = {r["name"]: r["count"] for r in get_group_by_count(DT, filters, "customer")}
			self.assertEqual(counts, {self.w.cust_a: 1, self.w.cust_shared: 1})
			state_count = frappe.get_attr(
				frappe.get_hooks("override_whitelisted_methods")[
					"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count"
				][-1]
			)
			states = {r["status"]: r["count"] for r in state_count(DT, "status", json.dumps(["Draft"]))}
		self.assertEqual(states, {"Approved": 2})

	def test_customer_centre_counts_only_visible_price_files(self):
		open_count = frappe.get_attr(
			frappe.get_hooks("override_whitelisted_methods")["frappe.desk.notifications.get_open_count"][-1]
		)
		with self.set_user(self.w.mgr_east):  # may open rep A's customer, not its price file
			found = open_count("CP Customer", self.w.cust_a)["count"]["external_links_found"]
			counts = {f["doctype"]: f["count"] for f in found}
		self.assertEqual(counts.get(DT), 0)
		with self.set_user(self.w.rep_a):
			found = open_count("CP Customer", self.w.cust_a)["count"]["external_links_found"]
			self.assertEqual({f["doctype"]: f["count"] for f in found}.get(DT), 1)

	# --- form, frappe.client, link search -------------------------------------------------------------

	def test_form_and_client_methods_refuse_another_reps_file(self):
		from frappe.desk.form.load import getdoc

		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission(DT, "read", self.pw.b))
			self.assertRaises(frappe.PermissionError, getdoc, DT, self.pw.b)
			self.assertRaises(frappe.PermissionError, frappe.client.get, DT, self.pw.b)
			self.assertEqual(frappe.client.get_value(DT, "title", self.pw.b), {})
			self.assertEqual(frappe.client.get(DT, self.pw.a)["name"], self.pw.a)
			listed = frappe.client.get_list(
				DT, filters={"name": ("in", list(self.pw.all))}, limit_page_length=0
			)
			self.assertEqual({r["name"] for r in listed}, self.pw.expected(self.w.rep_a))

	def test_share_rows_read_on_their_own_are_filtered_too(self):
		"""Who a price file is shared with is part of the file: its "Shared With" rows listed on their own
		(frappe.client.get_list of the child table) show only rows of files the user may read."""
		for name in self.pw.all:
			doc = frappe.get_doc(DT, name)
			doc.append("shared_with", {"user": self.w.mgr_east})
			doc.save(ignore_permissions=True)
		with self.set_user(self.w.rep_a):
			rows = frappe.client.get_list(
				"CP Price File Share",
				fields=["parent", "user"],
				filters={"parent": ("in", list(self.pw.all))},
				parent=DT,
				limit_page_length=0,
			)
		self.assertEqual({r["parent"] for r in rows}, self.pw.expected(self.w.rep_a))

	def test_lines_read_on_their_own_are_filtered_too(self):
		with self.set_user(self.w.rep_a):
			lines = frappe.client.get_list(
				"CP Price File Item",
				fields=["parent", "unit_price", "cost_price"],
				filters={"parent": ("in", list(self.pw.all))},
				parent=DT,
				limit_page_length=0,
			)
			self.assertEqual({r["parent"] for r in lines}, self.pw.expected(self.w.rep_a))
			self.assertTrue(all("cost_price" not in r for r in lines), lines)
			value = frappe.client.get_value(
				"CP Price File Item", ["parent", "cost_price"], {"parent": self.pw.b}, parent=DT
			)
			self.assertEqual(value, {})

	def test_link_search_offers_only_visible_files(self):
		with self.set_user(self.w.rep_a):
			results = search_link(DT, PREFIX, page_length=50)
			names = {r["value"] for r in results}
		self.assertTrue(names <= self.pw.expected(self.w.rep_a) | self._not_world(names), names)
		self.assertEqual(names & self.pw.all, self.pw.expected(self.w.rep_a))

	def test_a_new_file_offers_only_customers_the_user_may_price(self):
		def offered(user):
			with self.set_user(user):
				rows = api.customer_query("CP Customer", PREFIX, "name", 0, 50, {})
			return {r[0] for r in rows}

		self.assertEqual(offered(self.w.rep_a), {self.w.cust_a, self.w.cust_shared})
		self.assertEqual(offered(self.w.mgr_east), set())  # their reps' customers are not theirs to price
		self.assertEqual(offered(self.pw.pm), self.w.all_customers)

	def _not_world(self, names):
		return {n for n in names if n not in self.pw.all}

	# --- changes ------------------------------------------------------------------------------------

	def test_another_reps_file_cannot_be_changed_deleted_or_revised(self):
		from frappe.model.workflow import apply_workflow

		with self.set_user(self.w.rep_b):
			b2 = api.new_revision(self.pw.b)
		with self.set_user(self.w.rep_a):
			doc = frappe.get_doc(DT, b2)
			doc.terms = "mine now"
			self.assertRaises(frappe.PermissionError, doc.save)
			self.assertRaises(frappe.PermissionError, frappe.delete_doc, DT, b2)
			self.assertRaises(
				frappe.PermissionError, apply_workflow, frappe.get_doc(DT, b2), "Submit for Review"
			)
			self.assertRaises(frappe.PermissionError, api.new_revision, self.pw.b)
			self.assertRaises(frappe.PermissionError, api.restore, self.pw.b)
			new = frappe.get_doc(
				{
					"doctype": DT,
					"customer": self.w.cust_b,
					"valid_from": "2026-01-01",
					"valid_to": "2099-12-31",
					"lines": [{"product": self.pw.bolt, "unit_price": 1}],
				}
			)
			self.assertRaises(frappe.PermissionError, new.insert)
		self.assertTrue(frappe.db.exists(DT, b2))

	def test_a_user_the_file_is_shared_with_reads_its_history_but_cannot_share_it(self):
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission(DT, "read", self.pw.c))
			self.assertTrue(frappe.has_permission(DT, "read", self.pw.c2))  # the history of a shared file
			self.assertFalse(frappe.has_permission(DT, "write", self.pw.c2))  # ... read only
			self.assertFalse(frappe.has_permission(DT, "share", self.pw.c))
			self.assertRaises(frappe.PermissionError, frappe.share.add, DT, self.pw.c, self.w.rep_a)
			history = {v["name"] for v in api.version_history(self.pw.c)}
			self.assertEqual(history, {self.pw.c, self.pw.c2})
			self.assertTrue(api.compare_versions(self.pw.c, self.pw.c2))
			# cannot make a file of C's customer (not theirs): no revision either
			self.assertRaises(frappe.PermissionError, api.new_revision, self.pw.c)

	def test_shared_users_cannot_change_who_the_file_is_shared_with(self):
		c2 = frappe.get_doc(DT, self.pw.c2)
		c2.append("shared_with", {"user": self.w.rep_b})
		c2.save()
		with self.set_user(self.w.rep_b):
			doc = frappe.get_doc(DT, self.pw.c2)
			doc.append("shared_with", {"user": self.w.rep_a})
			self.assertRaises(frappe.PermissionError, doc.save)
		with self.set_user(self.w.rep_c):  # the customer's owner may
			doc = frappe.get_doc(DT, self.pw.c2)
			doc.append("shared_with", {"user": self.w.rep_a})
			doc.save()
		self.assertIn(self.pw.c2, self.listed(self.w.rep_a))

	def test_sharing_from_the_sidebar_is_mirrored_into_the_table(self):
		with self.set_user(self.w.rep_a):
			frappe.share.add(DT, self.pw.a, self.w.rep_c)
		users = {r.user for r in frappe.get_doc(DT, self.pw.a).shared_with}
		self.assertEqual(users, {self.w.rep_c})
		self.assertIn(self.pw.a, self.listed(self.w.rep_c))

	# --- export, print, attachments, own endpoints -----------------------------------------------------

	def test_generic_exports_are_refused_to_sales_users(self):
		from frappe.core.doctype.data_export.exporter import export_data
		from frappe.core.doctype.data_import.data_import import download_template

		with self.set_user(self.w.rep_a):
			frappe.local.form_dict = frappe._dict(
				doctype=DT,
				file_format_type="CSV",
				fields=json.dumps([f"`tab{DT}`.`name`"]),
				filters=json.dumps([[DT, "name", "in", list(self.pw.all)]]),
			)
			self.assertRaises(frappe.PermissionError, reportview.export_query)
			self.assertRaises(
				frappe.PermissionError,
				export_data,
				DT,
				select_columns=json.dumps({DT: ["name"], "CP Price File Item": ["cost_price"]}),
				with_data=True,
				file_type="CSV",
			)
			self.assertRaises(
				frappe.PermissionError,
				download_template,
				DT,
				export_fields=json.dumps({DT: ["name"], "lines": ["unit_price", "cost_price"]}),
				export_records="all",
			)

	def test_export_by_a_price_manager_has_every_file(self):
		with self.set_user(self.pw.pm):
			frappe.local.form_dict = frappe._dict(
				doctype=DT,
				file_format_type="CSV",
				fields=json.dumps([f"`tab{DT}`.`name`"]),
				filters=json.dumps([[DT, "name", "in", list(self.pw.all)]]),
			)
			reportview.export_query()
			content = frappe.response["filecontent"]
			rows = list(csv.reader(io.StringIO(content.decode() if isinstance(content, bytes) else content)))
		self.assertEqual({r[1] for r in rows[1:]}, self.pw.all)

	def test_print_and_pdf_are_refused(self):
		from frappe.utils.print_format import download_pdf
		from frappe.www.printview import get_html_and_style

		with self.set_user(self.w.rep_a):
			for print_format in (None, "CP Price Letter"):
				self.assertRaises(
					frappe.PermissionError, get_html_and_style, DT, self.pw.b, print_format=print_format
				)
			self.assertRaises(frappe.PermissionError, download_pdf, DT, self.pw.b)
			html = get_html_and_style(DT, self.pw.a)["html"]
		self.assertIn(f"{PREFIX} 螺栓 M8", html)

	def test_own_endpoints_refuse_another_reps_file(self):
		with self.set_user(self.w.rep_a):
			for call in (
				lambda: api.export_xlsx(self.pw.b),
				lambda: api.export_docx(self.pw.b),
				lambda: api.version_history(self.pw.b),
				lambda: api.compare_versions(self.pw.a, self.pw.b),
				lambda: api.compare_versions(self.pw.b, self.pw.b),
				lambda: api.import_lines(self.pw.b, "/private/files/x.xlsx"),
			):
				self.assertRaises(frappe.PermissionError, call)

	def test_attachments_of_another_reps_file_are_refused(self):
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "pfv-b-quote.txt",
				"content": b"confidential quote",
				"is_private": 1,
				"attached_to_doctype": DT,
				"attached_to_name": self.pw.b,
			}
		).insert(ignore_permissions=True)
		with self.set_user(self.w.rep_a):
			self.assertFalse(frappe.has_permission("File", "read", file))
			self.assertEqual(frappe.get_list("File", pluck="name", filters={"name": file.name}), [])
		with self.set_user(self.w.mgr_east):
			self.assertFalse(frappe.has_permission("File", "read", file))
			self.assertEqual(frappe.get_list("File", pluck="name", filters={"name": file.name}), [])
		with self.set_user(self.w.rep_b):
			self.assertTrue(frappe.has_permission("File", "read", file))
			self.assertEqual(frappe.get_list("File", pluck="name", filters={"name": file.name}), [file.name])

	# --- cost and margin (permlevel 1) ------------------------------------------------------------------

	def test_cost_and_margin_never_reach_a_rep(self):
		from frappe.desk.form.load import getdoc
		from frappe.www.printview import get_html_and_style

		with self.set_user(self.w.rep_a):
			doc = frappe.client.get(DT, self.pw.a)
			for line in doc["lines"]:  # the framework keeps the keys, empty
				self.assertFalse(line.get("cost_price"))
				self.assertFalse(line.get("margin"))
			frappe.local.response = frappe._dict(docs=[])
			getdoc(DT, self.pw.a)
			form = frappe.local.response.docs[0].as_dict()
			self.assertTrue(all(not line.get("cost_price") for line in form["lines"]))
			self.assertNotIn("777.77", frappe.as_json(form))
			listed = frappe.get_list(
				DT,
				filters={"name": self.pw.a},
				fields=["name", "`tabCP Price File Item`.`cost_price`", "`tabCP Price File Item`.`margin`"],
			)
			self.assertTrue(
				listed and all("cost_price" not in r and "margin" not in r for r in listed), listed
			)
			frappe.local.form_dict = frappe._dict(
				doctype=DT,
				fields=json.dumps(
					[
						f"`tab{DT}`.`name`",
						"`tabCP Price File Item`.`unit_price`",
						"`tabCP Price File Item`.`cost_price`",
					]
				),
				filters=json.dumps([[DT, "name", "=", self.pw.a]]),
				view="Report",
			)
			result = reportview.get()
			self.assertNotIn(str(COST), json.dumps(result, default=str))
			for print_format in (None, "CP Price Letter"):
				html = get_html_and_style(DT, self.pw.a, print_format=print_format)["html"]
				self.assertNotIn("777.77", html)
				self.assertNotIn("777", html)
			frappe.local.response = frappe._dict()
			api.export_xlsx(self.pw.a)
			self.assertNotIn(COST, _xlsx_values(frappe.local.response.filecontent))
			frappe.local.response = frappe._dict()
			api.export_docx(self.pw.a)
			self.assertNotIn("777", _docx_text(frappe.local.response.filecontent))

	def test_cost_cannot_be_read_by_repeating_it_or_filtering_on_it(self):
		cost = "`tabCP Price File Item`.`cost_price`"
		margin = "`tabCP Price File Item`.`margin`"
		with self.set_user(self.w.rep_a):
			for fields in (["name", cost, cost], ["name", cost, margin], ["name", margin, margin, cost]):
				rows = frappe.get_list(DT, filters={"name": self.pw.a}, fields=fields)
				self.assertTrue(rows)
				self.assertTrue(all(set(r) == {"name"} for r in rows), (fields, rows))
			rows = frappe.get_list(DT, filters={"name": self.pw.a}, fields=["name", cost, cost], as_list=True)
			self.assertTrue(rows and all(set(r[1:]) == {None} for r in rows), rows)
			rows = frappe.client.get_list(
				"CP Price File Item",
				fields=["parent", "cost_price", "cost_price", "margin", "margin"],
				filters={"parent": self.pw.a},
				parent=DT,
			)
			self.assertTrue(rows and all(set(r) == {"parent"} for r in rows), rows)
			for filters in (
				[["CP Price File Item", "cost_price", ">", 700], ["name", "=", self.pw.a]],
				[["CP Price File Item", "margin", "<", 0]],
			):
				self.assertRaises(frappe.PermissionError, frappe.get_list, DT, filters=filters)
			self.assertRaises(
				frappe.PermissionError,
				frappe.client.get_list,
				"CP Price File Item",
				filters={"cost_price": (">", 700)},
				parent=DT,
			)
			# filters on fields they may read still work
			rows = frappe.get_list(
				DT, filters=[["CP Price File Item", "unit_price", ">", 1], ["name", "=", self.pw.a]]
			)
			self.assertEqual([r.name for r in rows], [self.pw.a])
		with self.set_user(self.pw.pm):
			rows = frappe.get_list(
				DT,
				filters=[["CP Price File Item", "cost_price", ">", 700], ["name", "=", self.pw.a]],
				fields=[cost],
			)
			self.assertEqual([r.cost_price for r in rows], [COST])

	def test_price_managers_see_cost(self):
		with self.set_user(self.pw.pm):
			doc = frappe.client.get(DT, self.pw.a)
			self.assertIn(COST, [line["cost_price"] for line in doc["lines"]])
			frappe.local.response = frappe._dict()
			api.export_xlsx(self.pw.a)
			self.assertIn(COST, _xlsx_values(frappe.local.response.filecontent))

	def test_the_timeline_does_not_show_cost_changes_to_a_rep(self):
		from frappe.desk.form.load import get_docinfo

		from crm_plus.overrides.form_load import get_docinfo as scrubbed_docinfo

		with self.set_user(self.w.rep_a):
			draft = api.new_revision(self.pw.a)
		with self.set_user(self.pw.pm):
			doc = frappe.get_doc(DT, draft)
			doc.lines[0].cost_price = 555.55
			doc.lines[0].unit_price = 1.5
			doc.save(ignore_version=False)
		with self.set_user(self.w.rep_a):
			frappe.local.response = frappe._dict()
			get_docinfo(doctype=DT, name=draft)  # the framework's own answer carries the cost ...
			self.assertIn("555.55", json.dumps(frappe.local.response.docinfo["versions"], default=str))
			frappe.local.response = frappe._dict()
			scrubbed_docinfo(doctype=DT, name=draft)  # ... the endpoint the desk calls does not
			versions = json.dumps(frappe.local.response.docinfo["versions"], default=str)
			self.assertNotIn("555.55", versions)
			self.assertIn("1.5", versions)  # the price change is still there
		with self.set_user(self.pw.pm):
			frappe.local.response = frappe._dict()
			scrubbed_docinfo(doctype=DT, name=draft)
			self.assertIn("555.55", json.dumps(frappe.local.response.docinfo["versions"], default=str))

	def test_a_rep_cannot_write_cost(self):
		with self.set_user(self.w.rep_a):
			draft = frappe.get_doc(DT, api.new_revision(self.pw.a))
			draft.lines[0].cost_price = 1
			draft.append("lines", {"product": self.pw.washer, "unit_price": 0.1, "cost_price": 0.05})
			draft.save()
			new = frappe.get_doc(
				{
					"doctype": DT,
					"customer": self.w.cust_a,
					"valid_from": "2026-01-01",
					"valid_to": "2099-12-31",
					"lines": [{"product": self.pw.bolt, "unit_price": 2, "cost_price": 1.5}],
				}
			).insert()
		costs = {line.product: line.cost_price for line in frappe.get_doc(DT, draft.name).lines}
		self.assertEqual(costs[self.pw.bolt], COST)  # kept, not overwritten
		self.assertFalse(costs[self.pw.washer])
		self.assertFalse(frappe.get_doc(DT, new.name).lines[0].cost_price)


def _xlsx_values(content: bytes) -> set:
	from openpyxl import load_workbook

	wb = load_workbook(io.BytesIO(content), read_only=True)
	return {v for row in wb.worksheets[0].iter_rows(values_only=True) for v in row if v is not None}


def _docx_text(content: bytes) -> str:
	from docx import Document

	document = Document(io.BytesIO(content))
	texts = [p.text for p in document.paragraphs]
	for table in document.tables:
		texts += [cell.text for row in table.rows for cell in row.cells]
	return "\n".join(texts)
