"""Confidential price files over real HTTP: the site's web server, API keys, /api/resource and
whitelisted methods as REST clients use them, and a PDF of the price letter made by the server."""

import io
import json
import unicodedata
from urllib.parse import quote

import frappe
import requests
from frappe.tests.utils import FrappeTestCase

from crm_plus.api import price_file as api
from crm_plus.tests.price_file_world import COST, PriceFileWorld
from crm_plus.tests.requirements import needs_wkhtmltopdf
from crm_plus.tests.server import site_server
from crm_plus.tests.test_http_visibility import api_token

PREFIX = "PFH"
DT = "CP Price File"
ITEM = "CP Price File Item"


class TestPriceFilesOverHTTP(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w
		frappe.set_user(cls.w.rep_a)
		cls.draft = api.new_revision(cls.pw.a)
		frappe.set_user(cls.pw.pm)
		doc = frappe.get_doc(DT, cls.draft)
		doc.lines[0].cost_price = 555.55  # a cost change recorded in the draft's timeline
		doc.save(ignore_version=False)
		frappe.set_user("Administrator")
		cls.token_a = api_token(cls.w.rep_a)
		cls.token_pm = api_token(cls.pw.pm)
		frappe.db.commit()  # the web server is another process with its own connection
		cls.addClassCleanup(cls.remove_world)
		cls._server = site_server()
		cls.base = cls._server.__enter__()
		cls.addClassCleanup(cls._server.__exit__, None, None, None)

	@classmethod
	def remove_world(cls):
		cls.pw.remove(more_files=[cls.draft])

	def get(self, path, token=None, **params):
		return requests.get(
			f"{self.base}{path}", params=params, headers={"Authorization": token or self.token_a}, timeout=120
		)

	def test_resource_list_returns_only_the_reps_files(self):
		r = self.get(
			f"/api/resource/{DT}",
			filters=json.dumps([["name", "in", list(self.pw.all)]]),
			limit_page_length=0,
		)
		self.assertEqual(r.status_code, 200, r.text)
		self.assertEqual({d["name"] for d in r.json()["data"]}, self.pw.expected(self.w.rep_a))

	def test_another_reps_file_is_refused(self):
		title = frappe.db.get_value(DT, self.pw.b, "title")
		r = self.get(f"/api/resource/{DT}/{quote(self.pw.b)}")
		self.assertIn(r.status_code, (403, 404), r.text)
		self.assertNotIn(title, r.text)
		r = requests.put(
			f"{self.base}/api/resource/{DT}/{quote(self.pw.b)}",
			json={"terms": "mine now"},
			headers={"Authorization": self.token_a},
			timeout=60,
		)
		self.assertEqual(r.status_code, 403, r.text)
		self.assertIsNone(frappe.db.get_value(DT, self.pw.b, "terms"))

	def test_cost_never_reaches_a_rep_over_rest(self):
		r = self.get(f"/api/resource/{DT}/{quote(self.pw.a)}")
		self.assertEqual(r.status_code, 200, r.text)
		self.assertTrue(r.json()["data"]["lines"])
		self.assertNotIn("777.77", r.text)
		cost = f"`tab{ITEM}`.`cost_price`"
		r = self.get(
			f"/api/resource/{DT}",
			fields=json.dumps(["name", cost, cost]),
			filters=json.dumps([["name", "=", self.pw.a]]),
		)
		self.assertEqual(r.status_code, 200, r.text)
		self.assertNotIn("777.77", r.text)
		r = self.get(f"/api/resource/{DT}", filters=json.dumps([[ITEM, "cost_price", ">", 700]]))
		self.assertEqual(r.status_code, 403, r.text)
		r = self.get(
			"/api/method/frappe.client.get_list",
			doctype=ITEM,
			parent=DT,
			fields=json.dumps(["parent", "cost_price", "margin"]),
			filters=json.dumps([["parent", "in", list(self.pw.all)]]),
			limit_page_length=0,
		)
		self.assertEqual(r.status_code, 200, r.text)
		self.assertEqual({d["parent"] for d in r.json()["message"]}, self.pw.expected(self.w.rep_a))
		self.assertNotIn("cost_price", r.text)
		# the form's timeline
		r = self.get("/api/method/frappe.desk.form.load.getdoc", doctype=DT, name=self.draft)
		self.assertEqual(r.status_code, 200, r.text)
		self.assertTrue(r.json()["docinfo"]["versions"])
		self.assertNotIn("555.55", r.text)
		self.assertNotIn("777.77", r.text)

	def test_price_managers_get_cost(self):
		r = self.get(f"/api/resource/{DT}/{quote(self.pw.a)}", token=self.token_pm)
		self.assertIn(COST, [line["cost_price"] for line in r.json()["data"]["lines"]])
		r = self.get(
			"/api/method/frappe.desk.form.load.getdoc", token=self.token_pm, doctype=DT, name=self.draft
		)
		self.assertIn("555.55", r.text)

	def test_count_and_link_search(self):
		r = self.get(
			"/api/method/frappe.client.get_count",
			doctype=DT,
			filters=json.dumps([["name", "in", list(self.pw.all)]]),
		)
		self.assertEqual(r.json()["message"], 2, r.text)
		r = self.get("/api/method/frappe.desk.search.search_link", doctype=DT, txt=PREFIX, page_length=50)
		self.assertEqual(
			{d["value"] for d in r.json()["message"]}, self.pw.expected(self.w.rep_a) | {self.draft}
		)

	def test_own_exports_over_http(self):
		for method in ("export_xlsx", "export_docx"):
			r = self.get(f"/api/method/crm_plus.api.price_file.{method}", name=self.pw.b)
			self.assertEqual(r.status_code, 403, (method, r.text[:300]))
		r = self.get("/api/method/crm_plus.api.price_file.export_xlsx", name=self.pw.a)
		self.assertEqual(r.status_code, 200, r.text[:300])
		self.assertIn('.xlsx"', r.headers.get("Content-Disposition", ""))
		from openpyxl import load_workbook

		values = {
			v
			for row in load_workbook(io.BytesIO(r.content)).worksheets[0].iter_rows(values_only=True)
			for v in row
		}
		self.assertIn(f"{PREFIX}-BOLT", values)
		self.assertNotIn(COST, values)

	@needs_wkhtmltopdf()
	def test_pdf_of_the_price_letter_renders_chinese(self):
		from pypdf import PdfReader

		params = {"doctype": DT, "format": "CP Price Letter"}
		r = self.get("/api/method/frappe.utils.print_format.download_pdf", name=self.pw.b, **params)
		self.assertEqual(r.status_code, 403, r.text[:300])
		r = self.get("/api/method/frappe.utils.print_format.download_pdf", name=self.pw.a, **params)
		self.assertEqual(r.status_code, 200, r.text[:500])
		self.assertEqual(r.content[:4], b"%PDF")
		reader = PdfReader(io.BytesIO(r.content))
		# Noto CJK maps some characters to their radical forms (⽅ for 方) in its ToUnicode table
		text = unicodedata.normalize("NFKC", "".join(page.extract_text() for page in reader.pages))
		self.assertIn("甲方科技有限公司", text)
		self.assertIn("螺栓", text)
		fonts = {
			str(font.get_object().get("/BaseFont"))
			for page in reader.pages
			for font in (page["/Resources"].get("/Font") or {}).values()
		}
		self.assertTrue(any("CJK" in f for f in fonts), fonts)  # a CJK font, not boxes
		self.assertNotIn("777.77", text)
