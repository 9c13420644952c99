"""Downloadable import templates (.xlsx): a header row in Chinese and English (required columns
marked *), one example row, drop-down lists for the columns with fixed values (select options and
the master data the link columns name, kept on a hidden sheet) and a sheet of instructions."""

import io

import frappe
from frappe import _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from crm_plus.imports.cleaning import select_options
from crm_plus.imports.columns import COLUMNS

# a drop-down over more values than this is of no help
MAX_LIST = 500
SHEET_TITLES = {"Customer": "客户 Customers", "Contact": "联系人 Contacts", "Supplier": "供应商 Suppliers"}


def template_filename(import_type: str) -> str:
	return f"{_('Import Template')}-{_(import_type)}.xlsx"


def build_template(import_type: str) -> bytes:
	columns = COLUMNS[import_type]
	workbook = Workbook()
	sheet = workbook.active
	sheet.title = SHEET_TITLES[import_type]
	lists = workbook.create_sheet("lists")
	lists.sheet_state = "hidden"
	required_fill = PatternFill("solid", fgColor="FDE9D9")
	header_fill = PatternFill("solid", fgColor="DDEBF7")
	list_column = 0
	for position, column in enumerate(columns, 1):
		letter = get_column_letter(position)
		cell = sheet.cell(row=1, column=position, value=column.header())
		cell.font = Font(bold=True)
		cell.alignment = Alignment(wrap_text=True, vertical="center")
		cell.fill = required_fill if column.required else header_fill
		sheet.column_dimensions[letter].width = max(14, len(column.en) + 4)
		if column.example is not None:
			sheet.cell(row=2, column=position, value=column.example)
		values = _list_values(column)
		if values:
			list_column += 1
			list_letter = get_column_letter(list_column)
			for i, value in enumerate(values, 1):
				lists.cell(row=i, column=list_column, value=value)
			_validate(
				sheet,
				letter,
				_("Choose a value from the list."),
				type="list",
				formula1=f"=lists!${list_letter}$1:${list_letter}${len(values)}",
			)
			if column.example is None:
				sheet.cell(row=2, column=position, value=values[0])
		elif column.kind == "date":
			_validate(
				sheet,
				letter,
				_("Enter a date (YYYY-MM-DD)."),
				type="date",
				operator="greaterThan",
				formula1="DATE(1949,10,1)",
			)
		elif column.kind == "currency":
			_validate(
				sheet,
				letter,
				_("Enter an amount of 0 or more."),
				type="decimal",
				operator="greaterThanOrEqual",
				formula1="0",
			)
		if column.kind in ("phone", "tax_id"):
			for row in range(2, 3):
				sheet.cell(row=row, column=position).number_format = "@"
		cell.comment = Comment(_hint(column), "crm_plus")
	sheet.row_dimensions[1].height = 32
	sheet.freeze_panes = "A2"
	_instructions(workbook, import_type)
	out = io.BytesIO()
	workbook.save(out)
	return out.getvalue()


def _list_values(column) -> list[str]:
	if column.kind == "select":
		options = select_options(column)
		# the Chinese wording, as the user reads it; the English value is accepted as well
		return list(dict.fromkeys(_(v) for v in options.values()))
	if column.kind == "link":
		return frappe.get_all(column.options, pluck="name", order_by="name", limit=MAX_LIST + 1)[:MAX_LIST]
	return []


def _hint(column) -> str:
	hints = {
		"phone": _("Mobile 13800138000, landline 010-62345678 or +country code."),
		"email": _("An e-mail address."),
		"tax_id": _("18-character unified social credit code."),
		"date": _("Date, YYYY-MM-DD."),
		"currency": _("Amount in yuan, 0 or more."),
		"user": _("The user's e-mail (login) or full name."),
		"link": _("A value from the list."),
		"select": _("A value from the list."),
	}
	text = hints.get(column.kind, "")
	if column.required:
		text = _("Required.") + " " + text
	return text or _("Free text.")


def _instructions(workbook, import_type: str) -> None:
	sheet = workbook.create_sheet(_("Instructions")[:31])
	lines = [
		_("Fill one row per record below the header; the example row may be overwritten or deleted."),
		_(
			"Columns marked * are required. Headers may be in Chinese or English; unknown columns are ignored."
		),
		_(
			"Records that already exist (same normalised name or unified social credit code) are merged: empty fields are filled, existing values are kept."
		),
		_("Similar names and shared phone numbers are listed for you to decide: merge, create new or skip."),
		_("A file with errors imports nothing unless you tick Skip Rows with Errors."),
	]
	if import_type == "Customer":
		lines.append(
			_(
				"Sales reps become the owner of the customers they import; managers may fill the Sales Owner column."
			)
		)
	for line in lines:
		sheet.append([line])
	sheet.column_dimensions["A"].width = 120


def _validate(sheet, letter: str, error: str, **rule) -> None:
	"""Excel's own check of the template's data rows in column `letter`, with `error` when it fails."""
	validation = DataValidation(allow_blank=True, **rule)
	validation.error = error
	validation.showErrorMessage = True
	sheet.add_data_validation(validation)
	validation.add(f"{letter}2:{letter}20000")
