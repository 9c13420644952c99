"""Word (.docx) output with python-docx, driven by DocType metadata.

- ``doc_to_docx``: one record as a document: its title, then the form's sections in order, short
  fields as a two-column table of label and value, long texts as paragraphs, child tables as
  tables, the record's image on top.
- ``list_to_docx``: records as one table (the list view's columns), with what was exported, by
  whom and when. Rows are written as raw WordprocessingML: python-docx's ``add_row`` re-reads the
  table for every row, far too slow for ten thousand of them.

Labels and options are translated into the language of the user who exports (``frappe._``).
"""

import io
import os

import frappe
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from frappe import _
from frappe.model import table_fields
from frappe.utils import format_datetime, get_fullname, now_datetime

from crm_plus.exports.fields import LONG_TEXT_FIELDTYPES, child_fields, form_sections
from crm_plus.exports.values import clean, display, translator

DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Word falls back to this font for Chinese text (the Latin font has no CJK glyphs)
EAST_ASIAN_FONT = "Microsoft YaHei"
IMAGE_WIDTH = Cm(6)


def _new_document(title: str, landscape: bool = False) -> Document:
	document = Document()
	for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "Table Grid"):
		style = document.styles[style_name]
		style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
	document.styles["Normal"].font.size = Pt(10)
	section = document.sections[0]
	if landscape:
		section.orientation = WD_ORIENT.LANDSCAPE
		section.page_width, section.page_height = section.page_height, section.page_width
	for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
		setattr(section, side, Cm(2))
	document.core_properties.title = title
	document.core_properties.author = get_fullname(frappe.session.user)
	return document


def _footer(document: Document) -> None:
	note = document.add_paragraph(
		_("Exported by {0} on {1}").format(get_fullname(frappe.session.user), format_datetime(now_datetime()))
	)
	note.runs[0].font.size = Pt(8)
	note.runs[0].font.color.rgb = RGBColor(0x80, 0x80, 0x80)


def _save(document: Document) -> bytes:
	out = io.BytesIO()
	document.save(out)
	return out.getvalue()


def _set_text(cell, text: str, bold: bool = False) -> None:
	paragraph = cell.paragraphs[0]
	lines = clean(text).split("\n")
	for i, line in enumerate(lines):
		run = paragraph.add_run(line)
		run.bold = bold
		if i < len(lines) - 1:
			run.add_break()


def _mark_header(row) -> None:
	"""Repeat the row at the top of every page the table spans."""
	tr_pr = row._tr.get_or_add_trPr()
	header = OxmlElement("w:tblHeader")
	header.set(qn("w:val"), "true")
	tr_pr.append(header)


def _fast_row(texts: list[str], bold_first: bool = False):
	"""A table row (w:tr) built directly: one paragraph per cell, line breaks kept."""
	tr = OxmlElement("w:tr")
	for index, text in enumerate(texts):
		tc = OxmlElement("w:tc")
		paragraph = OxmlElement("w:p")
		run = OxmlElement("w:r")
		if bold_first and not index:
			properties = OxmlElement("w:rPr")
			properties.append(OxmlElement("w:b"))
			run.append(properties)
		for i, line in enumerate(clean(text).split("\n")):
			if i:
				run.append(OxmlElement("w:br"))
			t = OxmlElement("w:t")
			t.set(qn("xml:space"), "preserve")
			t.text = line
			run.append(t)
		paragraph.append(run)
		tc.append(paragraph)
		tr.append(tc)
	return tr


def _table(document: Document, labels: list[str], rows) -> None:
	"""A table with a bold header row of `labels` and one row per item of `rows` (lists of texts)."""
	table = document.add_table(rows=1, cols=len(labels))
	table.style = document.styles["Table Grid"]
	for cell, label in zip(table.rows[0].cells, labels, strict=True):
		_set_text(cell, label, bold=True)
	_mark_header(table.rows[0])
	for texts in rows:
		table._tbl.append(_fast_row(texts))


def _label_value_table(document: Document, pairs: list[tuple[str, str]]) -> None:
	table = document.add_table(rows=0, cols=2)
	table.style = document.styles["Table Grid"]
	for label, text in pairs:
		table._tbl.append(_fast_row([label, text], bold_first=True))


# --- one record ---------------------------------------------------------------------------------


def doc_filename(doc) -> str:
	return f"{frappe.scrub(doc.doctype)}-{frappe.scrub(str(doc.name))}.docx"


def doc_to_docx(doc) -> bytes:
	"""`doc` as a Word document, with only what the current user may read (the caller has checked
	they may read the record itself)."""
	meta = frappe.get_meta(doc.doctype)
	title = str(doc.get(meta.get_title_field()) or doc.name)
	document = _new_document(title)
	document.add_heading(clean(title), level=0)
	subtitle = document.add_paragraph(f"{_(doc.doctype)} · {doc.name}")
	subtitle.runs[0].font.color.rgb = RGBColor(0x60, 0x60, 0x60)
	if meta.image_field and doc.get(meta.image_field):
		_picture(document, doc.get(meta.image_field))

	for section in form_sections(doc.doctype):
		_section(document, doc, section)
	_footer(document)
	return _save(document)


def _section(document: Document, doc, section) -> None:
	pairs: list[tuple[str, str]] = []
	started = False

	def start():
		nonlocal started
		if not started and section.label:
			document.add_heading(clean(section.label), level=1)
		started = True

	def flush_pairs():
		if pairs:
			start()
			_label_value_table(document, pairs)
			pairs.clear()

	for df in section.fields:
		value = doc.get(df.fieldname)
		if df.fieldtype in table_fields:
			if df.fieldtype == "Table MultiSelect":
				text = ", ".join(_link_values(value))
				if text:
					pairs.append((_(df.label), text))
				continue
			if not value:
				continue
			flush_pairs()
			start()
			document.add_paragraph().add_run(clean(_(df.label))).bold = True
			fields = child_fields(df.options, doc.doctype)
			_table(
				document,
				[_(f.label) for f in fields],
				([display(row.get(f.fieldname), f, row) for f in fields] for row in value),
			)
		elif df.fieldtype == "Attach Image":
			if value:
				flush_pairs()
				start()
				document.add_paragraph().add_run(clean(_(df.label))).bold = True
				_picture(document, value)
		elif df.fieldtype in LONG_TEXT_FIELDTYPES:
			text = display(value, df, doc)
			if text:
				flush_pairs()
				start()
				document.add_heading(clean(_(df.label)), level=2)
				for line in text.split("\n"):
					document.add_paragraph(line)
		else:
			text = display(value, df, doc)
			if text:
				pairs.append((_(df.label), text))
	flush_pairs()


def _link_values(rows) -> list[str]:
	"""The values of a Table MultiSelect (its one Link field per row)."""
	values = []
	for row in rows or []:
		link = next(
			(df.fieldname for df in frappe.get_meta(row.doctype).fields if df.fieldtype == "Link"), None
		)
		if link and row.get(link):
			values.append(str(row.get(link)))
	return values


def _picture(document: Document, file_url: str) -> None:
	"""Embed an attached image the user may open; anything else (another record's private file,
	an external URL, a format Word cannot show) is left out."""
	name = frappe.db.get_value("File", {"file_url": file_url}, "name")
	if not name:
		return
	file = frappe.get_doc("File", name)
	if not file.is_downloadable():
		return
	path = file.get_full_path()
	if not os.path.isfile(path):
		return
	try:
		document.add_picture(path, width=IMAGE_WIDTH)
	except Exception:
		frappe.clear_last_message()


# --- a list -------------------------------------------------------------------------------------


def list_to_docx(export, progress=None) -> bytes:
	"""The records of a ListExport as one table document."""
	columns = export.columns
	rows = list(export.rows())  # buffered: formatting may need the database
	document = _new_document(_(export.doctype), landscape=len(columns) > 5)
	document.add_heading(_(export.doctype), level=0)
	document.add_paragraph(_("{0} records").format(len(rows)))
	described = export.describe_filters()
	if described:
		document.add_paragraph(_("Filters: {0}").format("; ".join(described)))
	meta = frappe.get_meta(export.doctype)
	fields = [meta.get_field(c.fieldname) for c in columns]  # None for the name column
	translate = translator()

	def texts():
		for i, row in enumerate(rows):
			if progress and i % 1000 == 0:
				progress(i, len(rows))
			yield [
				display(value, df, None, translate) if df else clean(str(value or ""))
				for value, df in zip(row, fields, strict=True)
			]

	_table(document, [c.label for c in columns], texts())
	_footer(document)
	return _save(document)
