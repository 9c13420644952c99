"""The price letter: Word (.docx via python-docx) and the CP Price Letter print format."""

import io

import frappe
from docx import Document
from docx.oxml.ns import qn
from frappe.tests.utils import FrappeTestCase
from frappe.www.printview import get_html_and_style

from crm_plus.api import price_file as api
from crm_plus.pricing import word
from crm_plus.tests.price_file_world import PriceFileWorld

PREFIX = "PFL"
DT = "CP Price File"


class TestPriceLetter(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.pw = PriceFileWorld(PREFIX)
		cls.w = cls.pw.w

	def setUp(self):
		frappe.db.savepoint("price_letter")
		settings = frappe.get_doc("CP Price File Settings")
		settings.update({"letter_company": "上海某某实业有限公司", "letter_signatory": "王经理"})
		settings.save()
		frappe.db.set_value(DT, self.pw.a, "terms", "付款方式：月结30天\n交货：送货上门")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.db.rollback(save_point="price_letter")
		frappe.clear_document_cache("CP Price File Settings", "CP Price File Settings")

	def letter(self, name=None, user=None):
		with self.set_user(user or self.w.rep_a):
			frappe.local.response = frappe._dict()
			api.export_docx(name or self.pw.a)
			response = frappe.local.response
		self.assertTrue(response.filename.endswith(".docx"))
		return Document(io.BytesIO(response.filecontent))

	def test_the_letter_has_customer_validity_lines_and_signature(self):
		document = self.letter()
		doc = frappe.get_doc(DT, self.pw.a)
		text = "\n".join(p.text for p in document.paragraphs)
		self.assertIn("Price Letter", text)
		self.assertIn(f"To: {doc.customer_name}", text)
		self.assertIn(doc.title, text)
		self.assertIn(frappe.utils.formatdate(doc.valid_to), text)
		self.assertIn("付款方式：月结30天", text)
		self.assertIn("上海某某实业有限公司", text)
		self.assertIn("Name: 王经理", text)
		self.assertIn("(Company seal)", text)
		[table] = document.tables
		self.assertEqual(len(table.rows), 1 + len(doc.lines))
		header = [c.text for c in table.rows[0].cells]
		self.assertEqual(header[:5], ["No.", "Product", "Specification", "Unit", "Unit Price"])
		first = [c.text for c in table.rows[1].cells]
		self.assertEqual(first[:4], ["1", f"{PREFIX} 螺栓 M8", "", "个"])
		self.assertIn("1.20", first[4])
		# the header row repeats on every page
		self.assertIsNotNone(table.rows[0]._tr.trPr.find(qn("w:tblHeader")))
		self.assertEqual(document.core_properties.title, doc.title)

	def test_chinese_text_uses_an_east_asian_font(self):
		document = self.letter()
		fonts = document.styles["Normal"].element.rPr.rFonts
		self.assertEqual(fonts.get(qn("w:eastAsia")), word.CJK_FONT)
		self.assertEqual(fonts.get(qn("w:ascii")), word.LATIN_FONT)

	def test_the_letter_in_chinese(self):
		frappe.local.lang = "zh"
		try:
			document = self.letter()
		finally:
			frappe.local.lang = "en"
		text = "\n".join(p.text for p in document.paragraphs)
		self.assertIn("价格函", text)
		self.assertIn("致：", text)
		self.assertEqual(document.tables[0].rows[0].cells[4].text, "单价")

	def test_the_print_format_shows_the_letter(self):
		with self.set_user(self.w.rep_a):
			html = get_html_and_style(DT, self.pw.a, print_format="CP Price Letter")["html"]
			default = get_html_and_style(DT, self.pw.a)["html"]  # the price letter is the default
		for content in (html, default):
			self.assertIn("cp-price-letter", content)
			self.assertIn(f"{PREFIX} 甲方科技有限公司", content)
			self.assertIn(f"{PREFIX} 螺栓 M8", content)
			self.assertIn("上海某某实业有限公司", content)
			self.assertIn("付款方式：月结30天<br>交货：送货上门", content)
		self.assertNotIn('class="cp-status"', html)  # an approved file carries no status mark

	def test_a_draft_is_marked_as_such_in_print(self):
		with self.set_user(self.w.rep_a):
			draft = api.new_revision(self.pw.a)
			html = get_html_and_style(DT, draft, print_format="CP Price Letter")["html"]
		self.assertIn('<p class="cp-status">Draft</p>', html)

	def test_user_text_is_escaped_in_print(self):
		with self.set_user(self.w.rep_a):
			draft = frappe.get_doc(DT, api.new_revision(self.pw.a))
			draft.lines[0].specification = "<b>加粗</b>"  # markup the framework lets through on save
			draft.save()
			html = get_html_and_style(DT, draft.name, print_format="CP Price Letter")["html"]
		self.assertIn("&lt;b&gt;加粗&lt;/b&gt;", html)

	def test_a_10_line_letter_has_10_rows(self):
		with self.set_user(self.w.rep_a):
			draft = frappe.get_doc(DT, api.new_revision(self.pw.a))
			for i in range(8):
				draft.append(
					"lines", {"product": self.pw.washer, "unit_price": 0.1 + i, "min_qty": 10 * (i + 1)}
				)
			draft.save()
		document = self.letter(draft.name)
		self.assertEqual(len(document.tables[0].rows), 11)
		self.assertEqual(document.tables[0].rows[10].cells[0].text, "10")
