"""Output over the site's real web server: the export endpoints' HTTP answers as a REST client gets
them, the print formats as PDFs (wkhtmltopdf fetches the print styles from the server) with their
Chinese text, and the Export menus of the desk in headless Chromium.

The web server is another process: this module commits its records and removes them afterwards.
"""

import io
import json
import os
import unicodedata
import unittest
from unittest.mock import patch

import docx
import frappe
import openpyxl
import requests
from frappe.tests.utils import FrappeTestCase
from pypdf import PdfReader

from crm_plus.compat import DESK
from crm_plus.tests.factories import (
	TEST_PASSWORD,
	VisibilityWorld,
	make_case_study,
	make_competitor,
	make_contract,
	make_contract_template,
	make_product,
	make_user,
)
from crm_plus.tests.requirements import (
	CHROMIUM,
	CHROMIUM_FLAGS,
	log_in,
	needs_browser,
	needs_wkhtmltopdf,
	sync_playwright,
)
from crm_plus.tests.server import artifacts_dir, site_server
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "OUT"
EXPORTS = "/api/method/crm_plus.api.exports."


def pdf_text(content: bytes) -> tuple[str, set[str]]:
	"""The PDF's text and its fonts. The font's glyph-to-text map is ambiguous for a few CJK glyphs
	(方 may read back as the radical ⽅, 户 as 戶): NFKC and the one variant seen undo that."""
	reader = PdfReader(io.BytesIO(content))
	text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
	text = text.replace("戶", "户")
	fonts = {
		str(font.get_object()["/BaseFont"])
		for page in reader.pages
		for font in page["/Resources"].get("/Font", {}).values()
	}
	return text, fonts


class TestOutputOverHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		make_user("out-system-manager@crm-plus.test", ["System Manager"])
		cls.w = w = VisibilityWorld(PREFIX)
		competitor = make_competitor(f"{PREFIX} 华为")
		cls.product = make_product(
			f"{PREFIX} 智能网关", features="<p>铝合金外壳</p>", benefits="<p>断网不停产</p>"
		)
		cls.case = make_case_study(
			f"{PREFIX} 甲方成功案例",
			w.cust_a,
			customer_needs="<p>两地机房互备</p>",
			competitors=[{"competitor": competitor, "progress": "报价低 10%", "outcome": "Lost"}],
		)
		cls.template = make_contract_template(
			f"{PREFIX} 销售合同",
			"<p>甲方：{{ customer.customer_name }}，金额 {{ contract.amount | rmb_upper }}</p>",
		)
		cls.contract = make_contract(
			w.cust_a, f"{PREFIX}-A-001", amount=128000, contract_template=cls.template
		)
		cls.records = [
			("CP Contract", cls.contract),
			("CP Case Study", cls.case),
			("CP Contract Template", cls.template),
			("CP Product", cls.product),
			("CP Competitor", competitor),
		]
		cls.token_a = api_token(w.rep_a)
		cls.token_price = api_token(w.outsider)
		frappe.db.commit()  # the web server is another process with its own connection
		cls.addClassCleanup(cls.remove_records)
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)

	@classmethod
	def remove_records(cls):
		frappe.set_user("Administrator")
		for doctype, name in cls.records:
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		cls.w.remove()
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.lang = "en"

	def post(self, method, token=None, **data):
		return requests.post(
			f"{self.base}{EXPORTS}{method}",
			data={k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()},
			headers={"Authorization": token or self.token_a},
			timeout=120,
		)

	# --- export endpoints -------------------------------------------------------------------------

	def test_export_endpoints_answer_with_the_status_the_error_deserves(self):
		mine = [["CP Customer", "customer_name", "like", f"{PREFIX} %"]]
		# a DocType the user may not read: 403
		r = self.post("prepare_list_export", token=self.token_price, doctype="CP Customer", filters=mine)
		self.assertEqual(r.status_code, 403, r.text)
		r = self.post("download_doc", doctype="CP Customer", name=self.w.cust_b)
		self.assertEqual(r.status_code, 403, r.text)
		self.assertNotIn("乙方", r.text)
		# unknown DocType: 404; unknown field: 417 with a message naming it
		r = self.post("prepare_list_export", doctype="CP Nothing")
		self.assertEqual(r.status_code, 404, r.text)
		r = self.post("prepare_list_export", doctype="CP Customer", fields=["customer_name", "no_such_field"])
		self.assertEqual(r.status_code, 417, r.text)
		self.assertIn("no_such_field", r.text)

		r = self.post("prepare_list_export", doctype="CP Customer", filters=mine)
		self.assertEqual(r.json()["message"], {"count": 2, "queued": False})
		r = self.post("download_list", doctype="CP Customer", file_format="xlsx", filters=mine)
		self.assertEqual(r.status_code, 200, r.text[:500])
		self.assertIn("spreadsheetml", r.headers["Content-Type"])
		rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
		self.assertEqual({row[0] for row in rows[1:]}, self.w.expected(self.w.rep_a))

		r = self.post("download_doc", doctype="CP Customer", name=self.w.cust_a)
		self.assertEqual(r.status_code, 200, r.text[:500])
		self.assertIn("wordprocessingml", r.headers["Content-Type"])
		title = docx.Document(io.BytesIO(r.content)).paragraphs[0].text
		self.assertEqual(title, f"{PREFIX} 甲方科技有限公司")

	# --- print formats as PDF -------------------------------------------------------------------

	@needs_wkhtmltopdf()
	def test_print_formats_render_chinese_in_the_pdf(self):
		frappe.local.lang = "zh"
		expected = {
			("CP Customer", self.w.cust_a, "CP Customer Profile"): [
				"客户档案",
				f"{PREFIX} 甲方科技有限公司",
				"基本信息",
			],
			("CP Product", self.product, "CP Product Sheet"): [
				"产品特征",
				"铝合金外壳",
				"使用好处",
				"断网不停产",
			],
			("CP Case Study", self.case, "CP Case Study Report"): [
				"成功案例",
				"客户需求",
				"两地机房互备",
				"报价低 10%",
			],
			("CP Contract", self.contract, "CP Contract Document"): ["合同", "甲方", "壹拾贰万捌仟元整"],
		}
		with self.set_user(self.w.rep_a), patch.dict(frappe.local.conf, {"host_name": self.base}):
			for (doctype, name, print_format), texts in expected.items():
				with self.subTest(print_format=print_format):
					pdf = frappe.get_print(doctype, name, print_format=print_format, as_pdf=True)
					with open(os.path.join(artifacts_dir(), f"{print_format}.pdf"), "wb") as f:
						f.write(pdf)
					text, fonts = pdf_text(pdf)
					compact = "".join(text.split())
					for expected_text in texts:
						self.assertIn("".join(expected_text.split()), compact)
					self.assertTrue(any("CJK" in font for font in fonts), fonts)

	def test_printing_another_reps_record_is_refused(self):
		with self.set_user(self.w.rep_b):
			self.assertRaises(
				frappe.PermissionError,
				frappe.get_print,
				"CP Case Study",
				self.case,
				print_format="CP Case Study Report",
			)

	# --- the desk's Export menus ----------------------------------------------------------------

	@needs_browser()
	def test_export_menus_of_the_desk_download_the_users_records(self):
		with sync_playwright()() as p:
			browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
			try:
				page = browser.new_page(viewport={"width": 1440, "height": 900}, accept_downloads=True)
				log_in(page, self.base, self.w.rep_a)

				try:
					page.goto(f"{self.base}{DESK}/cp-customer")
					page.wait_for_selector(".list-row-container", timeout=60_000)
					page.click(".page-head:visible .menu-btn-group > button")
					# the desk keeps pages it left in the DOM, hidden: always the visible page's menu
					menu = page.locator(".page-head:visible .menu-btn-group .dropdown-menu")
					with page.expect_download(timeout=60_000) as download:
						menu.get_by_text("Export Excel", exact=True).click()
					self.assertTrue(download.value.suggested_filename.endswith(".xlsx"))
					with open(download.value.path(), "rb") as f:
						sheet = openpyxl.load_workbook(io.BytesIO(f.read())).active
					names = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}

					page.goto(f"{self.base}{DESK}/cp-customer/{self.w.cust_a}")
					page.wait_for_selector(".form-layout", timeout=60_000)
					page.click(".page-head:visible .menu-btn-group > button")
					with page.expect_download(timeout=60_000) as download:
						menu.get_by_text("Export Word", exact=True).click()
					self.assertTrue(download.value.suggested_filename.endswith(".docx"))
					with open(download.value.path(), "rb") as f:
						title = docx.Document(io.BytesIO(f.read())).paragraphs[0].text
				finally:
					page.screenshot(path=os.path.join(artifacts_dir(), "export-menu.png"), full_page=True)
			finally:
				browser.close()
		self.assertEqual(names, self.w.expected(self.w.rep_a))
		self.assertEqual(title, f"{PREFIX} 甲方科技有限公司")
