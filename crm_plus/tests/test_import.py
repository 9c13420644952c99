"""Import of customers, contacts and suppliers: refusal of files with errors, skipping bad
rows, duplicates in the file and against the database, close-match decisions, merges that fill only
empty fields, anomaly flags, the report, the template, and what a sales rep may not do."""

import io

import frappe
from frappe.tests.utils import FrappeTestCase
from openpyxl import Workbook, load_workbook

from crm_plus.api import imports as api
from crm_plus.exceptions import ImportNotPermitted
from crm_plus.imports import jobs
from crm_plus.imports.columns import COLUMNS
from crm_plus.permissions import roles
from crm_plus.tests.factories import make_contact, make_customer, make_sales_order, make_team, make_user

P = "IMPT"  # prefix of every name this module makes
TAX_ID = "91110108MA01AB2C3X"  # not valid: the check character is wrong
VALID_TAX_ID = "91350100M000100Y43"


def xlsx(header: list, rows: list[list]) -> bytes:
	workbook = Workbook()
	sheet = workbook.active
	sheet.append(header)
	for row in rows:
		sheet.append(row)
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def customer_file(rows: list[dict]) -> bytes:
	columns = [c for c in COLUMNS["Customer"]]
	return xlsx([c.header() for c in columns], [[r.get(c.fieldname) for c in columns] for r in rows])


def report_rows(doc) -> list[list]:
	content = frappe.get_doc("File", {"file_url": doc.report_file}).get_content()
	workbook = load_workbook(io.BytesIO(content))
	return [list(r) for r in workbook.worksheets[1].iter_rows(min_row=2, values_only=True)]


class TestImport(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.rep = make_user(f"{P.lower()}-rep@crm-plus.test", [roles.SALES_REP])
		cls.other_rep = make_user(f"{P.lower()}-rep2@crm-plus.test", [roles.SALES_REP])
		cls.manager = make_user(f"{P.lower()}-mgr@crm-plus.test", [roles.SALES_MANAGER])
		cls.buyer = make_user(f"{P.lower()}-buyer@crm-plus.test", [roles.PURCHASING])
		make_team(f"{P} Team", cls.manager, [cls.rep, cls.other_rep])

	def setUp(self):
		frappe.local.lang = "zh"  # the report and messages as the users read them

	def tearDown(self):
		frappe.set_user("Administrator")

	def new_import(self, content: bytes, import_type="Customer", user=None, **fields):
		frappe.set_user(user or "Administrator")
		doc = frappe.get_doc({"doctype": "CP Import", "import_type": import_type, **fields}).insert()
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{P}-{frappe.generate_hash(length=6)}.xlsx",
				"attached_to_doctype": "CP Import",
				"attached_to_name": doc.name,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		doc.import_file = file.file_url
		doc.save()
		return doc

	def validate_and_import(self, doc, decide=None):
		jobs.run_validation(doc)
		doc.reload()
		if decide:
			for row in doc.decisions:
				row.decision = decide(row)
			doc.save()
		jobs.run_import(doc)
		doc.reload()
		return doc

	def customer(self, name: str):
		from crm_plus.utils.normalize import normalize_party_name

		return frappe.db.get_value(
			"CP Customer", {"normalized_name": normalize_party_name(name)}, ["*"], as_dict=True
		)

	# --- errors and skipping ----------------------------------------------------------------------

	def test_a_file_with_errors_imports_nothing(self):
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 好客户一有限公司", "phone": "010-62345678"},
					{"customer_name": f"{P} 坏电话有限公司", "phone": "12345"},
					{"customer_name": None, "remarks": "no name"},
					{"customer_name": f"{P} 坏区域有限公司", "region": f"{P} 不存在的区域"},
					{"customer_name": f"{P} 坏税号有限公司", "tax_id": TAX_ID},
				]
			)
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Failed")
		self.assertEqual(doc.error_rows, 4)
		self.assertIn("4", doc.message)
		self.assertIsNone(self.customer(f"{P} 好客户一有限公司"))
		problems = {(r[0], r[3]) for r in report_rows(doc)}
		self.assertEqual({row for row, kind in problems if kind == "错误"}, {3, 4, 5, 6})

	def test_skip_bad_rows_imports_the_good_ones(self):
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 好客户二有限公司", "phone": "13800138000", "annual_amount": 5000},
					{"customer_name": f"{P} 坏邮箱有限公司", "email": "not-an-email"},
				]
			),
			skip_bad_rows=1,
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual((doc.created_count, doc.skipped_count), (1, 1))
		created = self.customer(f"{P} 好客户二有限公司")
		self.assertEqual(created.phone, "13800138000")
		self.assertEqual(created.annual_amount, 5000)
		self.assertIsNone(self.customer(f"{P} 坏邮箱有限公司"))
		self.assertTrue(created.name.startswith("C"))
		# the series continues after the imported names
		later = make_customer(f"{P} 之后手工客户有限公司", self.rep)
		self.assertGreater(later, created.name)

	# --- duplicates ---------------------------------------------------------------------------------

	def test_duplicates_within_the_file_and_against_the_database(self):
		existing = make_customer(f"{P} 星河科技有限公司", None, phone=None, remarks=None)
		doc = self.new_import(
			customer_file(
				[
					# the same company as the existing one, spelled differently: merged
					{"customer_name": f"{P} 星河科技股份有限公司", "phone": "010-62345678"},
					# twice in the file: one record
					{"customer_name": f"{P} 月光贸易有限公司", "contact_name": "王五"},
					{
						"customer_name": f"{P}月光贸易（有限公司）",
						"email": "sales@moon.example.com",
						"contact_name": "赵六",
					},
				]
			)
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual((doc.created_count, doc.merged_count, doc.duplicate_rows), (1, 2, 2))
		self.assertEqual(frappe.db.get_value("CP Customer", existing, "phone"), "010-62345678")
		moon = self.customer(f"{P} 月光贸易有限公司")
		self.assertEqual(moon.email, "sales@moon.example.com")
		contacts = frappe.get_all(
			"Dynamic Link",
			filters={"link_doctype": "CP Customer", "link_name": moon.name, "parenttype": "Contact"},
			pluck="parent",
		)
		self.assertEqual(len(contacts), 2)
		self.assertEqual(frappe.db.count("CP Customer", {"customer_name": ("like", f"{P}%月光贸易%")}), 1)

	def test_merge_fills_empty_fields_only_and_reports_what_was_kept(self):
		existing = make_customer(f"{P} 老客户有限公司", self.rep, phone="010-88886666", website=None)
		make_contact(existing, "已有联系人", mobile_no="13911112222")
		doc = self.new_import(
			customer_file(
				[
					{
						"customer_name": f"{P} 老客户有限公司",
						"phone": "021-55556666",
						"website": "https://old.example.com",
						"contact_name": "已有联系人",
					}
				]
			)
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		record = frappe.get_doc("CP Customer", existing)
		self.assertEqual(record.phone, "010-88886666")  # not overwritten
		self.assertEqual(record.website, "https://old.example.com")  # filled
		self.assertEqual(record.sales_owner, self.rep)
		notes = " ".join(r[4] for r in report_rows(doc))
		self.assertIn("010-88886666", notes)
		self.assertIn("021-55556666", notes)
		self.assertIn("已有联系人", notes)  # the contact exists already: not added again
		self.assertEqual(frappe.db.count("Dynamic Link", {"link_name": existing, "parenttype": "Contact"}), 1)

	# --- close matches ------------------------------------------------------------------------------

	def test_close_match_decisions_are_honoured(self):
		merge_into = make_customer(f"{P} 华东精密机械制造有限公司", None)
		make_customer(f"{P} 西南电子元器件贸易有限公司", None)
		make_customer(f"{P} 北方重型装备工程有限公司", None)
		content = customer_file(
			[
				{"customer_name": f"{P} 华东精密机械制造厂", "website": "https://hd.example.com"},
				{"customer_name": f"{P} 西南电子元器件贸易商行"},
				{"customer_name": f"{P} 北方重型装备工程集团"},
			]
		)
		doc = self.new_import(content)
		jobs.run_validation(doc)
		doc.reload()
		self.assertEqual(doc.close_match_rows, 3)
		self.assertEqual(len(doc.decisions), 3)
		# undecided close matches: the import refuses and writes nothing
		jobs.run_import(doc)
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIsNone(self.customer(f"{P} 西南电子元器件贸易商行"))

		decisions = {"华东": "Merge", "西南": "Create New", "北方": "Skip"}
		doc.status = "Validated"
		for row in doc.decisions:
			row.decision = next(v for k, v in decisions.items() if k in row.import_name)
		doc.save()
		jobs.run_import(doc)
		doc.reload()
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual((doc.created_count, doc.merged_count, doc.skipped_count), (1, 1, 1))
		self.assertEqual(frappe.db.get_value("CP Customer", merge_into, "website"), "https://hd.example.com")
		self.assertIsNone(self.customer(f"{P} 华东精密机械制造厂"))
		self.assertIsNotNone(self.customer(f"{P} 西南电子元器件贸易商行"))
		self.assertIsNone(self.customer(f"{P} 北方重型装备工程集团"))

	# --- anomalies ------------------------------------------------------------------------------------

	def test_amount_far_above_the_order_history_is_flagged_and_imported(self):
		from datetime import date

		customer = make_customer(f"{P} 稳定订单有限公司", None)
		for year, amount in ((2021, 100_000), (2022, 110_000), (2023, 95_000), (2024, 105_000)):
			make_sales_order(customer, f"{P} {year}", date(year, 6, 1), (("P-IMPT", 1, amount),))
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 稳定订单有限公司", "annual_amount": 5_000_000},
					{"customer_name": f"{P} 未来客户有限公司", "first_cooperation_date": "2099-01-01"},
				]
			)
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual(doc.anomaly_rows, 2)
		self.assertEqual(frappe.db.get_value("CP Customer", customer, "annual_amount"), 5_000_000)
		anomalies = {r[0]: r[4] for r in report_rows(doc) if r[3] == "异常"}
		self.assertEqual(set(anomalies), {2, 3})
		self.assertIn("标准差", anomalies[2])

	# --- report and template ----------------------------------------------------------------------

	def test_report_lists_every_problem_per_row(self):
		make_customer(f"{P} 报告已有有限公司", None)
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 报告已有有限公司"},
					{"customer_name": f"{P} 报告坏电话有限公司", "phone": "999"},
				]
			),
			skip_bad_rows=1,
		)
		doc = self.validate_and_import(doc)
		rows = report_rows(doc)
		by_row = {}
		for r in rows:
			by_row.setdefault(r[0], []).append(r)
		self.assertEqual(by_row[2][0][2], "已合并")
		self.assertIn("重复", {r[3] for r in by_row[2]})
		self.assertEqual(by_row[3][0][2:4], ["未导入", "错误"])
		self.assertIn("999", by_row[3][0][4])

	def test_template_download(self):
		frappe.set_user(self.rep)
		api.download_template("Customer")
		self.assertEqual(frappe.response.type, "binary")
		workbook = load_workbook(io.BytesIO(frappe.response.filecontent))
		sheet = workbook.worksheets[0]
		headers = [c.value for c in sheet[1]]
		self.assertEqual(headers[0], "客户名称*\nCustomer Name")
		self.assertIn("统一社会信用代码\nUnified Social Credit Code", headers)
		self.assertEqual(sheet.cell(row=2, column=1).value, "北京星河科技有限公司")
		lists = [v.sqref for v in sheet.data_validations.dataValidation]
		status_col = headers.index("合作状态\nStatus") + 1
		from openpyxl.utils import get_column_letter

		self.assertTrue(any(get_column_letter(status_col) in str(ref) for ref in lists))
		# a rep may not have the supplier template
		self.assertRaises(ImportNotPermitted, api.download_template, "Supplier")

	# --- permissions ----------------------------------------------------------------------------------

	def test_rep_owns_the_imported_customers_and_may_not_set_another_owner(self):
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 销售自己有限公司"},
					{"customer_name": f"{P} 销售指定他人有限公司", "sales_owner": self.other_rep},
				]
			),
			user=self.rep,
			skip_bad_rows=1,
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual(self.customer(f"{P} 销售自己有限公司").sales_owner, self.rep)
		self.assertIsNone(self.customer(f"{P} 销售指定他人有限公司"))
		# a manager may give new customers to a rep of the team
		doc = self.new_import(
			customer_file([{"customer_name": f"{P} 经理分配有限公司", "sales_owner": self.other_rep}]),
			user=self.manager,
		)
		doc = self.validate_and_import(doc)
		self.assertEqual(self.customer(f"{P} 经理分配有限公司").sales_owner, self.other_rep)

	def test_rep_cannot_merge_into_another_reps_customer_and_is_told_who_owns_it(self):
		"""The duplicate policy (README, "Security"): the row names the existing customer and its owner,
		as the form does; the other rep's similar names and phones stay hidden."""
		theirs = make_customer(f"{P} 别人的客户有限公司", self.other_rep, phone="010-66667777")
		make_customer(f"{P} 别人的相似客户有限公司", self.other_rep)
		doc = self.new_import(
			customer_file(
				[
					{"customer_name": f"{P} 别人的客户股份有限公司", "website": "https://steal.example.com"},
					{"customer_name": f"{P} 别人的相似客户商行", "phone": "010-66667777"},
				]
			),
			user=self.rep,
			skip_bad_rows=1,
		)
		jobs.run_validation(doc)
		doc.reload()
		self.assertEqual(doc.error_rows, 1)
		self.assertEqual(doc.close_match_rows, 0)  # their similar names and phones are not shown
		self.assertEqual(len(doc.decisions), 0)
		report = " ".join(str(c) for r in report_rows(doc) for c in r)
		self.assertIn("已存在同名客户", report)
		self.assertIn(theirs, report)
		self.assertIn(frappe.utils.get_fullname(self.other_rep), report)
		self.assertNotIn("<strong>", report)
		jobs.run_import(doc)
		doc.reload()
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertFalse(frappe.db.get_value("CP Customer", theirs, "website"))
		# and the merge itself goes through the document, which refuses them
		self.assertFalse(frappe.has_permission("CP Customer", "write", doc=theirs, user=self.rep))

	def test_supplier_import_needs_purchasing(self):
		frappe.set_user(self.rep)
		self.assertRaises(
			ImportNotPermitted, frappe.get_doc({"doctype": "CP Import", "import_type": "Supplier"}).insert
		)
		columns = COLUMNS["Supplier"]
		content = xlsx(
			[c.header() for c in columns],
			[[f"{P} 精工机械有限公司" if c.fieldname == "supplier_name" else None for c in columns]],
		)
		doc = self.new_import(content, import_type="Supplier", user=self.buyer)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual(doc.created_count, 1)
		self.assertTrue(frappe.db.exists("CP Supplier", {"supplier_name": f"{P} 精工机械有限公司"}))

	def test_contact_import_for_visible_customers_only(self):
		mine = make_customer(f"{P} 联系人客户有限公司", self.rep)
		make_contact(mine, "老联系人", email_id="old@contact.example.com")
		theirs = make_customer(f"{P} 联系人别人客户有限公司", self.other_rep)
		columns = COLUMNS["Contact"]
		rows = [
			{"customer": mine, "first_name": "新联系人", "mobile_no": "13700001111", "designation": "经理"},
			{"customer": f"{P} 联系人客户有限公司", "first_name": "老联系人", "designation": "总监"},
			{"customer": f"{P} 联系人别人客户有限公司", "first_name": "偷看"},
		]
		content = xlsx([c.header() for c in columns], [[r.get(c.fieldname) for c in columns] for r in rows])
		doc = self.new_import(content, import_type="Contact", user=self.rep, skip_bad_rows=1)
		doc = self.validate_and_import(doc)
		self.assertEqual(doc.status, "Completed", doc.message)
		self.assertEqual((doc.created_count, doc.merged_count, doc.error_rows), (1, 1, 1))
		linked = frappe.get_all(
			"Dynamic Link", filters={"link_name": mine, "parenttype": "Contact"}, pluck="parent"
		)
		self.assertEqual(len(linked), 2)
		new = frappe.get_doc("Contact", next(n for n in linked if n.startswith("新联系人")))
		self.assertEqual((new.mobile_no, new.designation), ("13700001111", "经理"))
		self.assertEqual(frappe.db.count("Dynamic Link", {"link_name": theirs, "parenttype": "Contact"}), 0)
		errors = [r[4] for r in report_rows(doc) if r[3] == "错误"]
		self.assertIn("不存在或您无权访问", errors[0])

	def test_an_import_and_its_report_are_private_to_their_owner(self):
		doc = self.new_import(customer_file([{"customer_name": f"{P} 私密导入有限公司"}]), user=self.rep)
		jobs.run_validation(doc)
		doc.reload()
		report = frappe.get_doc("File", {"file_url": doc.report_file})
		frappe.set_user(self.other_rep)
		self.assertNotIn(doc.name, frappe.get_list("CP Import", pluck="name"))
		self.assertFalse(frappe.has_permission("CP Import", "read", doc=doc.name, user=self.other_rep))
		self.assertFalse(frappe.has_permission("File", "read", doc=report, user=self.other_rep))
		self.assertRaises(frappe.PermissionError, api.validate_file, doc.name)
		# the owner queues the jobs through the API; a completed import cannot run again
		frappe.set_user(self.rep)
		self.assertIn(doc.name, frappe.get_list("CP Import", pluck="name"))
		api.start_import(doc.name)
		self.assertEqual(frappe.db.get_value("CP Import", doc.name, "status"), "Queued")
		self.assertRaises(frappe.ValidationError, api.start_import, doc.name)  # already running

	def test_close_match_within_the_file_merged_into_the_earlier_row(self):
		frappe.local.lang = "en"  # the template's Chinese select values are accepted in any language
		doc = self.new_import(
			customer_file(
				[
					{
						"customer_name": f"{P} 南方海洋渔业发展有限公司",
						"status": "暂停",
						"contact_name": "孙一",
					},
					{
						"customer_name": f"{P} 南方海洋渔业发展分公司",
						"phone": "0755-88886666",
						"contact_name": "孙二",
					},
				]
			)
		)
		jobs.run_validation(doc)
		doc.reload()
		self.assertEqual(
			[(d.row_no, d.match_kind, d.existing_record) for d in doc.decisions],
			[(3, "Similar Name in File", "row:2")],
		)
		doc.decisions[0].decision = "Merge"
		doc.save()
		jobs.run_import(doc)
		doc.reload()
		self.assertEqual((doc.status, doc.created_count, doc.merged_count), ("Completed", 1, 1), doc.message)
		record = self.customer(f"{P} 南方海洋渔业发展有限公司")
		self.assertEqual((record.status, record.phone), ("Paused", "0755-88886666"))
		self.assertEqual(
			frappe.db.count("Dynamic Link", {"link_name": record.name, "parenttype": "Contact"}), 2
		)
		self.assertIsNone(self.customer(f"{P} 南方海洋渔业发展分公司"))
