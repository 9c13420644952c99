"""Excel (.xlsx) output of a list with openpyxl in write-only mode: rows go from an unbuffered
database cursor straight into the sheet, so memory stays flat however many records there are."""

import io
import os
import shutil
import tempfile
from contextlib import contextmanager

import frappe
from frappe import _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from crm_plus.exports.values import cell, translator

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROGRESS_EVERY = 5000
_WIDTHS = {"Date": 12, "Datetime": 18, "Check": 8, "Currency": 14, "Float": 12, "Int": 10}


@contextmanager
def private_scratch_dir():
	"""openpyxl writes every worksheet to a temporary file before zipping it (in write-only mode as
	well). Those files go into a folder of their own inside the site's private folder, removed when
	the export is done, instead of the system's temporary directory."""
	path = frappe.get_site_path("private", "temp", f"export-{frappe.generate_hash(length=12)}")
	os.makedirs(path)
	previous = tempfile.tempdir
	tempfile.tempdir = path
	try:
		yield path
	finally:
		tempfile.tempdir = previous
		shutil.rmtree(path, ignore_errors=True)


def list_to_xlsx(export, total: int | None = None, progress=None) -> bytes:
	"""The records of a ListExport as a sheet: a bold header row of translated labels, then one
	row per record, numbers and dates kept as such."""
	with private_scratch_dir():
		workbook = Workbook(write_only=True)
		sheet = workbook.create_sheet(title=_sheet_title(_(export.doctype)))
		sheet.freeze_panes = "A2"
		for i, column in enumerate(export.columns, 1):
			sheet.column_dimensions[get_column_letter(i)].width = _WIDTHS.get(column.fieldtype, 20)
		bold = Font(bold=True)
		header = []
		for column in export.columns:
			c = WriteOnlyCell(sheet, value=column.label)
			c.font = bold
			header.append(c)
		sheet.append(header)
		columns, translate = export.columns, translator()
		for n, row in enumerate(export.rows(), 1):
			sheet.append([_cell(sheet, cell(v, c, translate)) for v, c in zip(row, columns, strict=True)])
			if progress and n % PROGRESS_EVERY == 0:
				progress(n, total)
		out = io.BytesIO()
		workbook.save(out)
	return out.getvalue()


def _cell(sheet, value):
	"""A text that starts with "=" stays text: a customer named "=HYPERLINK(...)" is no formula."""
	if isinstance(value, str) and value.startswith("="):
		c = WriteOnlyCell(sheet, value=value)
		c.data_type = "s"
		return c
	return value


def _sheet_title(title: str) -> str:
	for char in "[]:*?/\\":
		title = title.replace(char, " ")
	return title[:31] or "Sheet"


def rows_to_xlsx(sheets: dict[str, tuple[list[str], list]]) -> bytes:
	"""A small workbook: one sheet per title with (a bold header row, rows); formulas kept as text."""
	workbook = Workbook(write_only=True)
	bold = Font(bold=True)
	for title, (header, rows) in sheets.items():
		sheet = workbook.create_sheet(title=_sheet_title(title))
		sheet.freeze_panes = "A2"
		cells = []
		for label in header:
			c = WriteOnlyCell(sheet, value=label)
			c.font = bold
			cells.append(c)
		sheet.append(cells)
		for row in rows:
			sheet.append([_cell(sheet, value) for value in row])
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()
