"""The price letter (价格函): a price file as a formal Word document (.docx, python-docx).

The customer, the validity, the lines as a table whose header row repeats on every page, the terms,
and a signature block. Chinese text is set in SimSun (SimHei for the title) through the East Asian
font slot, which Word uses for CJK characters whatever the Latin font. Cost and margin never appear.
Rows are written as XML in one pass, so a 10,000-line file takes seconds, not minutes.
"""

import io
import re
from xml.sax.saxutils import escape

import frappe
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt
from frappe import _
from frappe.utils import cint, flt, fmt_money, formatdate, get_number_format_info, getdate, nowdate

from crm_plus.pricing.lines import stored_lines

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LATIN_FONT = "Times New Roman"
CJK_FONT = "SimSun"  # 宋体
CJK_TITLE_FONT = "SimHei"  # 黑体

# (label, width in cm, right-aligned)
TABLE_COLUMNS = (
	("No.", 1.0, True),
	("Product", 4.2, False),
	("Specification", 3.0, False),
	("Unit", 1.3, False),
	("Unit Price", 2.3, True),
	("Minimum Quantity", 1.8, True),
	("Discount (%)", 1.7, True),
	("Net Price", 2.3, True),
	("Validity Period", 3.4, False),
	("Note", 3.5, False),
)


def set_fonts(run_or_style, latin: str = LATIN_FONT, east_asian: str = CJK_FONT, size: float | None = None):
	font = run_or_style.font
	font.name = latin
	if size:
		font.size = Pt(size)
	rpr = run_or_style.element.get_or_add_rPr()
	rfonts = rpr.find(qn("w:rFonts"))
	if rfonts is None:
		rfonts = parse_xml(f"<w:rFonts {nsdecls('w')}/>")
		rpr.insert(0, rfonts)
	rfonts.set(qn("w:ascii"), latin)
	rfonts.set(qn("w:hAnsi"), latin)
	rfonts.set(qn("w:eastAsia"), east_asian)
	return run_or_style


def export_letter(doc) -> bytes:
	settings = frappe.get_cached_doc("CP Price File Settings")
	document = Document()
	document.core_properties.title = doc.title
	document.core_properties.author = frappe.utils.get_fullname(frappe.session.user)
	set_fonts(document.styles["Normal"], size=10.5)

	section = document.sections[0]
	section.orientation = WD_ORIENT.LANDSCAPE
	section.page_width, section.page_height = Cm(29.7), Cm(21.0)
	for side in ("left_margin", "right_margin"):
		setattr(section, side, Cm(1.8))
	section.top_margin = section.bottom_margin = Cm(1.6)

	title = document.add_paragraph()
	title.alignment = WD_ALIGN_PARAGRAPH.CENTER
	set_fonts(title.add_run(_("Price Letter")), east_asian=CJK_TITLE_FONT, size=18).font.bold = True

	_line(document, _("To: {0}").format(doc.customer_name), bold=True)
	_line(document, _("Date: {0}").format(formatdate(nowdate())), align=WD_ALIGN_PARAGRAPH.RIGHT)
	_line(document, _("Reference: {0} (version {1})").format(doc.title, doc.version))
	_line(
		document,
		_(
			"We are pleased to confirm the following prices, in {0}, valid from {1} to {2}. Prices are per unit; the discount applies from the minimum quantity of each line."
		).format(doc.currency, formatdate(doc.valid_from), formatdate(doc.valid_to)),
	)
	if doc.contract:
		_line(document, _("These prices are based on contract {0}.").format(doc.contract))

	_lines_table(document, doc)

	if doc.terms:
		_line(document, _("Terms"), bold=True)
		_line(document, doc.terms)
	_line(document, settings.letter_closing or _("Thank you for your continued cooperation."))

	_line(document, "")
	for text, bold in (
		(settings.letter_company or frappe.db.get_default("company") or "", True),
		(_("Authorised signature: ____________________"), False),
		(_("Name: {0}").format(settings.letter_signatory or ""), False),
		(_("Date: {0}").format(formatdate(nowdate())), False),
		(_("(Company seal)"), False),
	):
		_line(document, text, bold=bold, align=WD_ALIGN_PARAGRAPH.RIGHT)

	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def _line(document, text: str, bold: bool = False, align=None):
	paragraph = document.add_paragraph()
	if align is not None:
		paragraph.alignment = align
	run = paragraph.add_run(text)
	run.font.bold = bold
	return paragraph


def _lines_table(document, doc) -> None:
	table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
	table.style = "Table Grid"
	table.alignment = WD_TABLE_ALIGNMENT.CENTER
	header = table.rows[0]
	header._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))  # repeat on each page
	for cell, (label, width, _right) in zip(header.cells, TABLE_COLUMNS, strict=True):
		cell.width = Cm(width)
		run = cell.paragraphs[0].add_run(_(label))
		run.font.bold = True
		run.font.size = Pt(9)
		cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER

	money, number = money_formatter(doc.currency), number_formatter()
	xml = [f"<w:tbl {nsdecls('w')}>"]
	for i, line in enumerate(stored_lines(doc.name), start=1):
		validity = ""
		if line.valid_from or line.valid_to:
			validity = f"{_date(line.valid_from)} ~ {_date(line.valid_to)}"
		values = (
			str(i),
			line.product_name or line.product,
			line.specification or "",
			line.unit or "",
			money(line.unit_price),
			number(line.min_qty),
			number(line.discount),
			money(line.net_price),
			validity,
			line.note or "",
		)
		xml.append(_row_xml(values))
	xml.append("</w:tbl>")
	for tr in parse_xml("".join(xml)).findall(qn("w:tr")):
		table._tbl.append(tr)


def _row_xml(values) -> str:
	cells = []
	for value, (_label, width, right) in zip(values, TABLE_COLUMNS, strict=True):
		align = '<w:jc w:val="right"/>' if right else ""
		cells.append(
			f'<w:tc><w:tcPr><w:tcW w:w="{int(width * 567)}" w:type="dxa"/></w:tcPr>'
			f'<w:p><w:pPr>{align}</w:pPr><w:r><w:rPr><w:sz w:val="18"/></w:rPr>'
			f'<w:t xml:space="preserve">{escape(_NOT_XML.sub("", str(value)))}</w:t></w:r></w:p></w:tc>'
		)
	return f"<w:tr>{''.join(cells)}</w:tr>"


# characters XML 1.0 cannot hold (control characters pasted from elsewhere) are dropped
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def money_formatter(currency: str):
	"""Amounts as fmt_money writes them, for thousands of values: the number format, the precision and
	the currency symbol are looked up once instead of once per value."""
	number_format = frappe.db.get_default("number_format") or "#,###.##"
	precision = cint(frappe.db.get_default("currency_precision")) or get_number_format_info(number_format)[2]
	bare = fmt_money(0, precision=precision, format=number_format)
	prefix, _zero, suffix = fmt_money(
		0, precision=precision, format=number_format, currency=currency
	).partition(bare)
	return lambda value: f"{prefix}{fmt_money(value or 0, precision=precision, format=number_format)}{suffix}"


def number_formatter():
	"""Quantities and percentages: grouped like amounts, without trailing zeros (10,000 / 2.5)."""
	number_format = frappe.db.get_default("number_format") or "#,###.##"
	decimal = get_number_format_info(number_format)[0]

	def format_number(value) -> str:
		text = fmt_money(flt(value), precision=3, format=number_format)
		return text.rstrip("0").rstrip(decimal) if decimal and decimal in text else text

	return format_number


def _date(value) -> str:
	return formatdate(getdate(value)) if value else ""
