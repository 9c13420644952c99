"""Word and Excel export (crm_plus/exports, crm_plus/api/exports.py): every crm_plus DocType, the
list's filters and permissions, permission levels, bad input, background jobs, and where files go.

Each export is opened again with python-docx / openpyxl and its content checked.
"""

import io
import os
from unittest.mock import patch

import docx
import frappe
import openpyxl
from frappe.model import table_fields
from frappe.tests.utils import FrappeTestCase
from frappe.utils import nowdate

from crm_plus import exports
from crm_plus.api import exports as api
from crm_plus.exceptions import ExportTooLargeError, NotExportableError, UnknownFieldError
from crm_plus.exports import jobs, word
from crm_plus.exports.fields import form_sections
from crm_plus.exports.query import ListExport
from crm_plus.exports.values import display
from crm_plus.permissions import roles
from crm_plus.tests.factories import (
	VisibilityWorld,
	make_case_study,
	make_competitor,
	make_contact,
	make_contract,
	make_product,
	make_product_price,
	make_user,
)
from crm_plus.tests.workers import queued

PREFIX = "EXP"
FAB = {
	"features": "<p>铝合金外壳，IP65 防护</p>",
	"functions": "<ul><li>双千兆网口</li><li>4G 备份链路</li></ul>",
	"benefits": "<p>断网不停产</p>",
	"advantages": "<p>同价位唯一支持双链路</p>",
	"drawbacks": "<p>不支持 Wi-Fi 6</p>",
	"quote_strategy": "<p>50 台以上九折</p>",
}


# --- a record of any DocType -------------------------------------------------------------------


def _address() -> str:
	customer = sample_record("CP Customer")
	return (
		frappe.get_doc(
			{
				"doctype": "Address",
				"address_title": f"{PREFIX} 总部",
				"address_line1": "浦东新区世纪大道 100 号",
				"city": "上海",
				"country": "China",
				"links": [{"link_doctype": "CP Customer", "link_name": customer}],
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def _follow_up() -> str:
	from crm_plus.tests.factories import make_follow_up

	return make_follow_up(sample_record("CP Customer"), f"{PREFIX} 电话回访", follow_up_type="Call")


def _messaging_robot() -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "CP Messaging Robot",
				"robot_name": f"{PREFIX} 华东销售群",
				"provider": "WeCom",
				"webhook_url": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-export-test",
				"scope": "User",
				"user": "Administrator",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


# DocTypes whose records need more than their mandatory fields
FACTORIES = {"Address": _address, "CP Follow Up": _follow_up, "CP Messaging Robot": _messaging_robot}


def sample_record(doctype: str, depth: int = 0) -> str:
	"""A record of `doctype`: an existing one, or one made from the DocType's mandatory fields."""
	existing = frappe.get_all(doctype, pluck="name", limit=1, order_by="creation desc")
	if existing:
		return existing[0]
	if doctype in FACTORIES:
		return FACTORIES[doctype]()
	if depth > 3:
		raise AssertionError(f"cannot make a sample {doctype}: links too deep")
	meta = frappe.get_meta(doctype)
	doc = frappe.new_doc(doctype)
	doc.update(_mandatory_values(meta, depth))
	if meta.autoname == "Prompt":
		doc.name = f"{PREFIX} {doctype}"
	doc.insert(ignore_permissions=True)
	return doc.name


def _mandatory_values(meta, depth: int) -> dict:
	values = {}
	for df in meta.fields:
		if not df.reqd or df.default or df.fetch_from:
			continue
		if df.fieldtype in table_fields:
			values[df.fieldname] = [_mandatory_values(frappe.get_meta(df.options), depth)]
		elif df.fieldtype == "Link":
			values[df.fieldname] = sample_record(df.options, depth + 1)
		elif df.fieldtype == "Select":
			values[df.fieldname] = next(o for o in (df.options or "").split("\n") if o)
		elif df.fieldtype in ("Date", "Datetime"):
			values[df.fieldname] = nowdate()
		elif df.fieldtype in ("Int", "Float", "Currency", "Percent", "Check"):
			values[df.fieldname] = 1
		else:
			values[df.fieldname] = f"{PREFIX} {meta.name} {df.fieldname}"
	return values


def docx_text(content: bytes) -> tuple[list, str]:
	"""The Title paragraph(s) and all the document's text."""
	document = docx.Document(io.BytesIO(content))
	titles = [p.text for p in document.paragraphs if p.style.name == "Title"]
	texts = [p.text for p in document.paragraphs]
	for table in document.tables:
		texts += [cell.text for row in table.rows for cell in row.cells]
	return titles, "\n".join(texts)


def docx_table(content: bytes, index: int = 0) -> list[list[str]]:
	table = docx.Document(io.BytesIO(content)).tables[index]
	return [[cell.text for cell in row.cells] for row in table.rows]


def xlsx_rows(content: bytes) -> list[tuple]:
	return list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


class TestExports(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user("exp-system-manager@crm-plus.test", ["System Manager"])
		cls.w = w = VisibilityWorld(PREFIX)
		cls.price_manager = w.outsider
		cls.product = make_product(f"{PREFIX} 智能网关 X1", product_code=f"{PREFIX}-X1", **FAB)
		cls.price = make_product_price(
			cls.product, 1999, cost_price=876.5, valid_from="2026-01-01", price_policy="<p>年框客户九折</p>"
		)
		cls.competitor = make_competitor(f"{PREFIX} 华为", strengths="品牌强")
		cls.case_a = make_case_study(
			f"{PREFIX} 甲方案例",
			w.cust_a,
			customer_needs="<p>两地机房互备</p>",
			competitors=[{"competitor": cls.competitor, "progress": "报价低 10%", "outcome": "Lost"}],
		)
		cls.case_b = make_case_study(f"{PREFIX} 乙方案例", w.cust_b)
		cls.contract_a = make_contract(w.cust_a, f"{PREFIX}-A-001", amount=100)
		make_contact(w.cust_a, "Export Contact")

	def setUp(self):
		frappe.db.savepoint("export_test")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"
		frappe.db.rollback(save_point="export_test")

	def list_export(self, doctype, file_format="xlsx", **kwargs) -> bytes:
		export = ListExport.prepare(doctype, file_format, **kwargs)
		return jobs.build(export, total=export.count())

	# --- every crm_plus DocType --------------------------------------------------------------------

	def test_word_export_of_a_record_of_every_crm_plus_doctype(self):
		for doctype in exports.exportable_doctypes():
			with self.subTest(doctype=doctype):
				meta = frappe.get_meta(doctype)
				doc = frappe.get_doc(doctype, doctype if meta.issingle else sample_record(doctype))
				titles, text = docx_text(word.doc_to_docx(doc))
				self.assertEqual(titles, [str(doc.get(meta.get_title_field()) or doc.name)])
				self.assertIn(f"{doctype} · {doc.name}", text)
				shown = 0
				for section in form_sections(doctype):
					for df in section.fields:
						value = doc.get(df.fieldname)
						if df.fieldtype in table_fields or df.fieldtype == "Attach Image":
							continue
						if display(value, df, doc):
							self.assertIn(df.label, text)
							shown += 1
						if df.fieldtype in ("Data", "Link") and value:
							self.assertIn(str(value), text)
				self.assertGreater(shown, 0, "nothing of the record made it into the document")

	def test_list_export_of_every_crm_plus_doctype(self):
		for doctype in exports.exportable_doctypes():
			if frappe.get_meta(doctype).issingle:
				continue
			name = sample_record(doctype)
			with self.subTest(doctype=doctype, file_format="xlsx"):
				export = ListExport.prepare(doctype, "xlsx", names=[name])
				rows = xlsx_rows(jobs.build(export))
				self.assertEqual(list(rows[0]), [c.label for c in export.columns])
				self.assertEqual([r[0] for r in rows[1:]], [name])
			with self.subTest(doctype=doctype, file_format="docx"):
				export = ListExport.prepare(doctype, "docx", names=[name])
				content = jobs.build(export)
				table = docx_table(content)
				self.assertEqual(table[0], [c.label for c in export.columns])
				self.assertEqual([r[0] for r in table[1:]], [name])
				self.assertIn(doctype, docx_text(content)[0][0])

	# --- what a Word document holds ----------------------------------------------------------------

	def test_a_product_reads_as_its_fab_sheet_in_the_users_language(self):
		frappe.local.lang = "zh"
		titles, text = docx_text(word.doc_to_docx(frappe.get_doc("CP Product", self.product)))
		self.assertEqual(titles, [f"{PREFIX} 智能网关 X1"])
		for label, content in (
			("产品特征", "铝合金外壳，IP65 防护"),
			("产品功能", "• 双千兆网口"),
			("使用好处", "断网不停产"),
			("产品优点", "同价位唯一支持双链路"),
			("产品缺点", "不支持 Wi-Fi 6"),
			("产品报价", "50 台以上九折"),
		):
			self.assertIn(label, text)
			self.assertIn(content, text)
		self.assertIn("产品名称", text)
		self.assertNotIn("<p>", text)

	def test_child_tables_become_tables(self):
		content = word.doc_to_docx(frappe.get_doc("CP Case Study", self.case_a))
		document = docx.Document(io.BytesIO(content))
		competitor_table = next(
			t for t in document.tables if t.rows[0].cells[0].text == "Competitor" and len(t.columns) > 2
		)
		header = [c.text for c in competitor_table.rows[0].cells]
		row = [c.text for c in competitor_table.rows[1].cells]
		self.assertEqual(header[:3], ["Competitor", "Competing Product", "Progress"])
		self.assertEqual(row[0], self.competitor)
		self.assertIn("报价低 10%", row)
		self.assertIn("Lost", row)

	# --- permissions, as the user who must be refused ----------------------------------------------

	def test_a_list_export_holds_what_the_users_list_holds(self):
		filters = [["CP Customer", "customer_name", "like", f"{PREFIX} %"]]
		for user in (self.w.rep_a, self.w.mgr_east, self.w.admin):
			with self.set_user(user):
				rows = xlsx_rows(self.list_export("CP Customer", filters=filters))
				table = docx_table(self.list_export("CP Customer", "docx", filters=filters))
			self.assertEqual({r[0] for r in rows[1:]}, self.w.expected(user), user)
			self.assertEqual({r[0] for r in table[1:]}, self.w.expected(user), user)

	def test_selected_records_the_user_may_not_see_are_left_out(self):
		with self.set_user(self.w.rep_a):
			rows = xlsx_rows(
				self.list_export("CP Customer", names=[self.w.cust_a, self.w.cust_b, self.w.cust_c])
			)
			self.assertEqual([r[0] for r in rows[1:]], [self.w.cust_a])
			cases = xlsx_rows(self.list_export("CP Case Study", names=[self.case_a, self.case_b]))
			self.assertEqual([r[0] for r in cases[1:]], [self.case_a])

	def test_a_record_the_user_may_not_read_is_refused(self):
		with self.set_user(self.w.rep_a):
			self.assertRaises(frappe.PermissionError, api.download_doc, "CP Customer", self.w.cust_b)
			self.assertRaises(frappe.PermissionError, api.download_doc, "CP Case Study", self.case_b)
			api.download_doc("CP Customer", self.w.cust_a)
			self.assertEqual(frappe.response["type"], "download")
			self.assertTrue(frappe.response["filename"].endswith(".docx"))

	def test_a_doctype_the_user_may_not_read_or_export_is_refused(self):
		with self.set_user(self.price_manager):  # no customer rights at all
			self.assertRaises(frappe.PermissionError, api.prepare_list_export, "CP Customer")
			self.assertRaises(frappe.PermissionError, api.download_list, "CP Customer")
			self.assertRaises(frappe.PermissionError, api.download_doc, "CP Customer", self.w.cust_a)
			# reads contracts (print) but has no Export right on them: no list export
			self.assertRaises(frappe.PermissionError, api.prepare_list_export, "CP Contract")

	def test_cost_fields_never_leak(self):
		def cells(content):
			return {str(v) for row in xlsx_rows(content) for v in row}

		with self.set_user(self.w.rep_a):
			asked = self.list_export(
				"CP Product Price", fields=["name", "price", "cost_price"], names=[self.price]
			)
			self.assertEqual(xlsx_rows(asked)[0], ("ID", "Price"))
			self.assertNotIn("876.5", cells(asked))
			self.assertNotIn("876.5", cells(self.list_export("CP Product Price", names=[self.price])))
			_, text = docx_text(word.doc_to_docx(frappe.get_doc("CP Product Price", self.price)))
			self.assertNotIn("Cost Price", text)
			self.assertNotIn("876.5", text)
			self.assertIn("1,999.00", text)
			# filtering or sorting on it would tell its values
			self.assertRaises(
				frappe.PermissionError,
				ListExport.prepare,
				"CP Product Price",
				filters=[["CP Product Price", "cost_price", ">", 800]],
			)
			self.assertRaises(
				frappe.PermissionError, ListExport.prepare, "CP Product Price", order_by="cost_price desc"
			)
		with self.set_user(self.price_manager):
			asked = self.list_export("CP Product Price", fields=["name", "cost_price"], names=[self.price])
			self.assertEqual(xlsx_rows(asked)[1][1], 876.5)
			_, text = docx_text(word.doc_to_docx(frappe.get_doc("CP Product Price", self.price)))
			self.assertIn("Cost Price", text)

	# --- bad input ---------------------------------------------------------------------------------

	def test_unknown_or_unserved_doctypes_and_fields_give_clear_errors(self):
		cases = [
			(frappe.DoesNotExistError, api.prepare_list_export, ("CP No Such Thing",), {}),
			(frappe.DoesNotExistError, api.download_doc, ("CP No Such Thing", "x"), {}),
			(frappe.DoesNotExistError, api.download_doc, ("CP Customer", "C-NOPE"), {}),
			(NotExportableError, api.prepare_list_export, ("ToDo",), {}),
			(NotExportableError, api.prepare_list_export, ("CP Product Image",), {}),
			(
				UnknownFieldError,
				api.prepare_list_export,
				("CP Customer",),
				{"fields": '["customer_name", "nope"]'},
			),
			(
				UnknownFieldError,
				api.prepare_list_export,
				("CP Customer",),
				{"filters": '[["CP Customer", "nope", "=", 1]]'},
			),
			(
				UnknownFieldError,
				api.prepare_list_export,
				("CP Customer",),
				{"filters": '[["User", "name", "=", 1]]'},
			),
			(UnknownFieldError, api.prepare_list_export, ("CP Customer",), {"order_by": "nope desc"}),
			(
				frappe.ValidationError,
				api.prepare_list_export,
				("CP Customer",),
				{"order_by": "name; drop table x"},
			),
			(frappe.ValidationError, api.prepare_list_export, ("CP Customer",), {"file_format": "pdf"}),
			(
				frappe.ValidationError,
				api.prepare_list_export,
				("CP Customer",),
				{"filters": '[["CP Customer", "name", "union select", 1]]'},
			),
		]
		for exc, fn, args, kwargs in cases:
			with self.subTest(args=args, kwargs=kwargs):
				with self.assertRaises(exc) as caught:
					fn(*args, **kwargs)
				self.assertTrue(str(caught.exception).strip())

	def test_text_that_looks_like_a_formula_stays_text(self):
		frappe.db.set_value("CP Competitor", self.competitor, "strengths", '=HYPERLINK("http://x","y")')
		content = self.list_export("CP Competitor", names=[self.competitor], fields=["name", "strengths"])
		cell = openpyxl.load_workbook(io.BytesIO(content)).active["B2"]
		self.assertEqual(cell.data_type, "s")
		self.assertEqual(cell.value, '=HYPERLINK("http://x","y")')

	# --- large exports and where files go ----------------------------------------------------------

	def test_a_large_export_runs_in_the_background_and_notifies_the_user(self):
		filters = '[["CP Customer", "customer_name", "like", "EXP %"]]'
		frappe.local.conf.crm_plus_export_background_rows = 2
		self.addCleanup(frappe.local.conf.pop, "crm_plus_export_background_rows", None)
		with self.set_user(self.w.mgr_east), patch("frappe.enqueue") as enqueue:
			self.assertRaises(ExportTooLargeError, api.download_list, "CP Customer", filters=filters)
			answer = api.prepare_list_export("CP Customer", "xlsx", filters=filters)
			self.assertEqual(answer, {"count": 4, "queued": True})
			method, job_kwargs = queued(enqueue.call_args)
			kwargs = enqueue.call_args.kwargs
			self.assertEqual(method, "crm_plus.exports.jobs.run_list_export")
			self.assertEqual(kwargs["queue"], "long")
			self.assertTrue(kwargs["enqueue_after_commit"])
			# a double click asks for the same job, which is then queued only once
			self.assertTrue(kwargs["deduplicate"])
			api.prepare_list_export("CP Customer", "xlsx", filters=filters)
			self.assertEqual(enqueue.call_count, 1)
			api.prepare_list_export("CP Customer", "docx", filters=filters)
			self.assertEqual(enqueue.call_count, 2)
			self.assertNotEqual(enqueue.call_args.kwargs["job_id"], kwargs["job_id"])
			self.assertNotEqual(jobs.export_job_id(job_kwargs["request"], self.w.rep_a), kwargs["job_id"])
			# the job itself, as the worker runs it (as the user who asked)
			with patch("crm_plus.exports.jobs.frappe.publish_progress") as progress:
				file_name = jobs.run_list_export(**job_kwargs)
			self.assertEqual(progress.call_args.args[0], 100)
		file = frappe.get_doc("File", file_name)
		self.assertTrue(file.is_private)
		self.assertEqual(file.owner, self.w.mgr_east)
		private_files = os.path.abspath(frappe.get_site_path("private", "files"))
		self.assertEqual(os.path.dirname(os.path.abspath(file.get_full_path())), private_files)
		self.assertEqual({r[0] for r in xlsx_rows(file.get_content())[1:]}, self.w.expected(self.w.mgr_east))
		log = frappe.get_all(
			"Notification Log",
			filters={"for_user": self.w.mgr_east, "document_type": "File", "document_name": file_name},
			fields=["link", "subject"],
		)
		self.assertEqual(log[0].link, file.file_url)
		self.assertIn("4", log[0].subject)
		with self.set_user(self.w.rep_a):  # another user cannot open it
			self.assertFalse(frappe.has_permission("File", "read", file))

	def test_scratch_files_stay_in_the_sites_private_folder_and_are_removed(self):
		from openpyxl.worksheet import _writer

		created = []
		original = _writer.create_temporary_file

		def spy(*args, **kwargs):
			path = original(*args, **kwargs)
			created.append(path)
			return path

		with patch.object(_writer, "create_temporary_file", spy):
			self.list_export("CP Customer")
		private = os.path.abspath(frappe.get_site_path("private"))
		self.assertTrue(created)
		for path in created:
			self.assertTrue(os.path.abspath(path).startswith(private + os.sep), path)
			self.assertFalse(os.path.exists(path))
			self.assertFalse(os.path.exists(os.path.dirname(path)))
