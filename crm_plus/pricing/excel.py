"""Price files in and out of Excel (.xlsx, openpyxl).

Export: a formatted workbook (a header block with the customer, validity, version and status, the
lines as a table with a frozen, filtered header row, number and date formats and column widths).
Cost and margin columns only for users who may read them.

Import (crm_plus.pricing.excel_import): lines from the template (or from an exported workbook: the
header row is found among the first rows). Every row is checked (unknown product, text or a negative number where a price belongs,
minimum quantity below 1, dates out of order, duplicate lines, formulas, merged cells) and every
problem is reported with its row and column; a workbook with any bad row changes nothing. The sheet
is streamed (read-only mode) and its declared size checked first, so a sheet of a million rows is
refused at once instead of being loaded into memory.
"""

import io
import re
from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from crm_plus.permissions.price_file import can_edit_cost, can_see_cost
from crm_plus.pricing.lines import (
	Column,
	columns_for,
	stored_lines,
)

NUMERIC_FIELDS = {"unit_price", "min_qty", "discount", "net_price", "cost_price", "margin"}  # never NULL

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_SEARCH_ROWS = 30  # the header row of an import is looked for in the first rows
SLACK_ROWS = 100  # blank and header-block rows a sheet may have besides its lines
FORMATS = {"number": "#,##0.00", "percent": '0.00"%"', "date": "yyyy-mm-dd"}
QTY_FORMAT = "#,##0.##########"
_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3}[0-9]+(?::[A-Z]{1,3}[0-9]+)?)"')

_THIN = Side(style="thin", color="BFBFBF")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def column_format(column: Column) -> str | None:
	if column.fieldname == "min_qty":
		return QTY_FORMAT
	return FORMATS.get(column.kind)


# --- export -------------------------------------------------------------------------------------


def export_workbook(doc) -> bytes:
	columns = columns_for(can_see_cost())
	wb = Workbook()
	ws = wb.active
	ws.title = _("Price Lines")[:31]
	wb.properties.title = doc.title
	wb.properties.creator = frappe.session.user

	last = get_column_letter(len(columns))
	ws["A1"] = doc.title
	ws["A1"].font = Font(bold=True, size=14)
	ws.merge_cells(f"A1:{last}1")
	pairs = [
		(_("Customer"), doc.customer_name, _("Status"), _(doc.status)),
		(_("Valid From"), getdate(doc.valid_from), _("Valid To"), getdate(doc.valid_to)),
		(_("Currency"), doc.currency, _("Version"), doc.version),
		(
			_("Contract"),
			doc.contract or "",
			_("Review Date"),
			getdate(doc.review_date) if doc.review_date else "",
		),
	]
	for i, (label1, value1, label2, value2) in enumerate(pairs, start=2):
		for col, value, bold in (
			(1, label1, True),
			(2, value1, False),
			(4, label2, True),
			(5, value2, False),
		):
			cell = ws.cell(row=i, column=col, value=value)
			cell.font = Font(bold=bold)
			if isinstance(value, date):
				cell.number_format = FORMATS["date"]
				cell.alignment = Alignment(horizontal="left")

	header_row = len(pairs) + 3
	for col, column in enumerate(columns, start=1):
		cell = ws.cell(row=header_row, column=col, value=_(column.label))
		cell.font = Font(bold=True)
		cell.fill = _HEADER_FILL
		cell.border = _BORDER
		cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
		ws.column_dimensions[get_column_letter(col)].width = column.width
	formats = [column_format(c) for c in columns]
	values = [_export_getter(c) for c in columns]
	lines = stored_lines(doc.name)
	products = _product_codes([line.product for line in lines])
	for r, line in enumerate(lines, start=header_row + 1):
		for col, (get, number_format) in enumerate(zip(values, formats, strict=True), start=1):
			cell = ws.cell(row=r, column=col, value=get(line, products))
			if number_format:
				cell.number_format = number_format
	ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
	ws.auto_filter.ref = f"A{header_row}:{last}{header_row + max(len(lines), 1)}"
	ws.print_title_rows = f"{header_row}:{header_row}"
	ws.page_setup.orientation = "landscape"
	ws.page_setup.fitToWidth = 1
	ws.page_setup.fitToHeight = 0
	ws.sheet_properties.pageSetUpPr.fitToPage = True
	return _save(wb)


def _export_getter(column: Column):
	fieldname = column.fieldname
	if column.kind == "product":
		return lambda line, products: products.get(line.product) or line.product
	if column.kind == "date":
		return lambda line, products: getdate(line.get(fieldname)) if line.get(fieldname) else None
	if column.kind in ("number", "percent"):
		return lambda line, products: line.get(fieldname) or 0
	return lambda line, products: line.get(fieldname)


def _product_codes(products: list[str]) -> dict[str, str]:
	"""Product name (ID) -> the code users know it by (its ID when it has no code)."""
	rows = frappe.get_all(
		"CP Product", filters={"name": ("in", list(set(products)))}, fields=["name", "product_code"]
	)
	return {r.name: r.product_code or r.name for r in rows}


def _save(wb: Workbook) -> bytes:
	out = io.BytesIO()
	wb.save(out)
	return out.getvalue()


def template_workbook() -> bytes:
	"""The import template: the importable columns in the header row, and the rules on a second sheet."""
	columns = [c for c in columns_for(can_edit_cost()) if c.importable]
	wb = Workbook()
	ws = wb.active
	ws.title = _("Price Lines")[:31]
	for col, column in enumerate(columns, start=1):
		label = _(column.label) + (" *" if column.required else "")
		cell = ws.cell(row=1, column=col, value=label)
		cell.font = Font(bold=True)
		cell.fill = _HEADER_FILL
		cell.border = _BORDER
		letter = get_column_letter(col)
		ws.column_dimensions[letter].width = column.width
		if number_format := column_format(column):
			ws.column_dimensions[letter].number_format = number_format
	ws.freeze_panes = "A2"

	notes = wb.create_sheet(_("Instructions")[:31])
	notes.column_dimensions["A"].width = 110
	for i, text in enumerate(
		[
			_("Fill in one price line per row on the first sheet, below its header row; keep the headers."),
			_("Columns marked * are required. Product Code: the product's code (or its ID in CRM Plus)."),
			_("Unit Price and Cost Price: numbers, not negative. Minimum Quantity: at least 1 (empty: 1)."),
			_("Discount (%): a number from 0 to 100. Dates: YYYY-MM-DD; Valid To not before Valid From."),
			_("A product may appear more than once only with another specification or minimum quantity."),
			_("Type values, not formulas, and do not merge cells. Empty rows are skipped."),
			_(
				"If any row has a problem, nothing is imported and every problem is listed with its row and column."
			),
		],
		start=1,
	):
		notes.cell(row=i, column=1, value=text).alignment = Alignment(wrap_text=True)
	return _save(wb)
