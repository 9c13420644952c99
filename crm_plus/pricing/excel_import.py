"""Price-file lines from an .xlsx sheet (README, "Customer price files"): the sheet is read streaming,
every row is checked (a clear error per row; a sheet with any bad row changes nothing), then the lines
are written in bulk."""

import zipfile

import frappe
from frappe import _
from frappe.utils import cint, fmt_money, now_datetime
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.exceptions import InvalidFileException

from crm_plus.exceptions import PriceFileImportError, PriceFileLockedError
from crm_plus.permissions.price_file import can_edit_cost
from crm_plus.pricing import EDITABLE_STATUSES, PRICE_FILE, PRICE_FILE_ITEM
from crm_plus.pricing import cells as C
from crm_plus.pricing.excel import _MERGE_CELL, HEADER_SEARCH_ROWS, NUMERIC_FIELDS, SLACK_ROWS
from crm_plus.pricing.lines import (
	COLUMNS,
	LINE_FIELDS,
	Column,
	check_line,
	duplicate_message,
	row_label,
	set_derived_values,
	stored_lines,
)
from crm_plus.utils.bulk import insert_rows
from crm_plus.utils.naming import random_name


class SheetReader:
	"""Reads the lines of the first sheet of a workbook into values, collecting every problem."""

	def __init__(self, fileobj, max_rows: int, may_import_cost: bool):
		self.max_rows = max_rows
		self.may_import_cost = may_import_cost
		self.errors: list[dict] = []
		self.rows: list[dict] = []
		self.empty_rows = 0
		self.header_row: int | None = None
		self.header_ok = False
		self.columns: dict[int, Column] = {}  # column index (0-based) -> line column
		try:
			self.wb = load_workbook(fileobj, read_only=True, data_only=False)
		except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
			frappe.throw(
				_("This is not an Excel workbook (.xlsx). Save the sheet as .xlsx and try again."),
				PriceFileImportError,
				title=_("Not an Excel Workbook"),
			)
		self.ws = self.wb.worksheets[0]

	def error(self, row: int | None, column: int | None, message: str) -> None:
		"""`column` is 0-based."""
		self.errors.append(
			{
				"row": row,
				"column": get_column_letter(column + 1) if column is not None else "",
				"column_label": _(self.columns[column].label) if column in self.columns else "",
				"message": message,
			}
		)

	def refuse_too_many(self, rows: int) -> None:
		frappe.throw(
			_(
				"The sheet has {0} rows; at most {1} price lines can be imported at once. Split it into smaller files."
			).format(fmt_money(rows, precision=0), fmt_money(self.max_rows, precision=0)),
			PriceFileImportError,
			title=_("Sheet Too Large"),
		)

	def read(self) -> None:
		try:
			declared = self.ws.max_row  # from the sheet's <dimension>, read without loading the sheet
			if declared and declared > self.max_rows + SLACK_ROWS:
				self.refuse_too_many(declared)
			# some writers declare a wrong size ("A1"); from here the row counter below is the limit
			self.ws.reset_dimensions()
			for number, cells in enumerate(self.ws.iter_rows(), start=1):
				if number > self.max_rows + SLACK_ROWS:
					self.refuse_too_many(number)
				if self.header_row is None:
					if number > HEADER_SEARCH_ROWS:
						break
					self._try_header(number, cells)
					continue
				self._read_row(number, cells)
			merged = self._merged_ranges() if self.header_row else []
		finally:
			self.wb.close()
		if self.header_row is None:
			self.error(
				1,
				None,
				_(
					"No header row found: one of the first {0} rows must hold the column headers, at least {1} and {2}. Download the template."
				).format(HEADER_SEARCH_ROWS, _("Product Code"), _("Unit Price")),
			)
			return
		for min_col, min_row, max_col, max_row in merged:
			if max_row >= self.header_row:
				self.error(
					min_row,
					min_col - 1,
					_("Merged cells {0}: unmerge them and fill in every cell.").format(
						f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
					),
				)
		if len(self.rows) > self.max_rows:
			self.refuse_too_many(len(self.rows))

	def _merged_ranges(self) -> list[tuple[int, int, int, int]]:
		"""Merged cells, found by scanning the sheet's XML as a byte stream (read-only sheets do not
		expose them, and parsing the whole sheet again as XML would double the time of an import)."""
		found, tail = [], b""
		with self.ws._get_source() as source:
			while chunk := source.read(1 << 20):
				data = tail + chunk
				found += [range_boundaries(m.decode()) for m in _MERGE_CELL.findall(data)]
				tail = data[-200:]  # a tag cut in two by the chunk boundary is found in the next round
				found = list(dict.fromkeys(found))
		return found

	def _try_header(self, number: int, cells) -> None:
		by_header = _known_headers()
		labels = [C.normalize_header(c.value) for c in cells]
		matched = {i: by_header.get(label) for i, label in enumerate(labels) if label}
		fields = {col.fieldname for col in matched.values() if col}
		if not {"product", "unit_price"} <= fields:
			return
		self.header_row = number
		errors_before = len(self.errors)
		seen: dict[str, int] = {}
		for i, column in matched.items():
			if column is None:
				self.error(number, i, _("Unknown column header {0}.").format(frappe.bold(cells[i].value)))
			elif column.fieldname in seen:
				self.error(
					number,
					i,
					_("Column {0} appears twice (also column {1}).").format(
						_(column.label), get_column_letter(seen[column.fieldname] + 1)
					),
				)
			elif column.restricted and column.importable and not self.may_import_cost:
				self.error(number, i, _("You may not import {0}.").format(_(column.label)))
			else:
				seen[column.fieldname] = i
				if column.importable:
					self.columns[i] = column
		self.header_ok = len(self.errors) == errors_before

	def _read_row(self, number: int, cells) -> None:
		formula_cols = [
			i for i, c in enumerate(cells) if getattr(c, "data_type", None) == "f" or C.is_formula(c.value)
		]
		raw = {i: cells[i].value for i in self.columns if i < len(cells)}
		if not formula_cols and all(C.is_blank(v) for v in raw.values()):
			self.empty_rows += 1
			return
		for i in formula_cols:
			self.error(number, i, _("The cell holds a formula; type the value instead."))
		values = {"row": number}
		for i, column in self.columns.items():
			if i in formula_cols:
				continue
			value, problem = _parse(column, raw.get(i))
			if problem:
				self.error(number, i, problem)
			elif value is None and column.required:
				self.error(number, i, _("{0} is required.").format(_(column.label)))
			values[column.fieldname] = value
		self.rows.append(values)

	def column_of(self, fieldname: str) -> int | None:
		return next((i for i, c in self.columns.items() if c.fieldname == fieldname), None)


def _known_headers() -> dict[str, Column]:
	"""Normalised header text (English, the user's language, with or without '*') -> column."""
	known = {}
	for column in COLUMNS:
		for text in (column.label, _(column.label)):
			known[C.normalize_header(text)] = column
	return known


def _parse(column: Column, value) -> tuple[object, str | None]:
	if column.kind in ("number", "percent"):
		number, problem = C.parse_number(value)
		if problem:
			return None, _("{0} is not a number.").format(frappe.bold(value))
		return number, None
	if column.kind == "date":
		day, problem = C.parse_date(value)
		if problem:
			return None, _("{0} is not a date; use YYYY-MM-DD.").format(frappe.bold(value))
		return day, None
	return C.parse_text(value), None


def check_rows(reader: SheetReader, existing_lines=()) -> None:
	"""The rules of price lines, on every row read: products, numbers, dates, duplicates."""
	product_col = reader.column_of("product")
	products = _find_products({r["product"] for r in reader.rows if r.get("product")})
	for row in reader.rows:
		code = row.get("product")
		if not code:
			continue
		product = products.get(code)
		if not product:
			reader.error(row["row"], product_col, _("Unknown product {0}.").format(frappe.bold(code)))
		elif product.disabled:
			reader.error(row["row"], product_col, _("Product {0} is disabled.").format(frappe.bold(code)))
		else:
			row["product"] = product.name
			row["product_name"] = product.product_name
			row["unit"] = row.get("unit") or product.unit
		for fieldname, message in check_line(row):
			reader.error(row["row"], reader.column_of(fieldname), message)

	first: dict[tuple, str] = {
		C.line_key(line.product, line.specification, line.min_qty): _("existing line {0}").format(line.idx)
		for line in existing_lines
	}
	for row in reader.rows:
		if not row.get("product"):
			continue
		key = C.line_key(row["product"], row.get("specification"), row.get("min_qty"))
		if key in first:
			reader.error(row["row"], product_col, duplicate_message(first[key]))
		else:
			first[key] = row_label(row["row"])


def _find_products(codes: set[str]) -> dict[str, frappe._dict]:
	"""Product code or ID -> product, two queries for the whole sheet."""
	if not codes:
		return {}
	fields = ["name", "product_code", "product_name", "unit", "disabled"]
	found = {}
	for row in frappe.get_all("CP Product", filters={"name": ("in", list(codes))}, fields=fields):
		found[row.name] = row
	for row in frappe.get_all("CP Product", filters={"product_code": ("in", list(codes))}, fields=fields):
		found[row.product_code] = row
	return found


def import_lines(doc, fileobj, mode: str = "replace", filename: str | None = None) -> dict:
	"""Import the lines of an .xlsx workbook into the draft `doc`: all of them or none.

	mode "replace": the sheet becomes the file's lines; "append": its lines are added to the file's."""
	doc.check_permission("write")
	if doc.docstatus != 0 or doc.status not in EDITABLE_STATUSES:
		frappe.throw(
			_("Lines can be imported into a draft only; {0} is {1}.").format(
				frappe.bold(doc.title), _(doc.status)
			),
			PriceFileLockedError,
			title=_("Not Allowed"),
		)
	if mode not in ("replace", "append"):
		frappe.throw(_("Unknown import mode {0}.").format(mode))
	max_rows = cint(frappe.get_cached_doc("CP Price File Settings").max_import_rows) or 20000
	existing = stored_lines(doc.name)
	reader = SheetReader(fileobj, max_rows, may_import_cost=can_edit_cost())
	reader.read()
	if reader.header_ok:
		check_rows(reader, existing_lines=existing if mode == "append" else ())
	if not reader.errors and not reader.rows:
		reader.error(reader.header_row, None, _("The sheet has no price lines below its header row."))
	result = {
		"ok": not reader.errors,
		"errors": sorted(reader.errors, key=lambda e: (e["row"] or 0, e["column"])),
		"lines": len(reader.rows),
		"empty_rows": reader.empty_rows,
		"imported": 0,
		"replaced": 0,
	}
	if reader.errors:
		return result
	result["replaced"] = 0 if mode == "append" else len(existing)
	start = 0 if mode == "replace" else max((line.idx for line in existing), default=0)
	result["imported"] = write_lines(doc, reader.rows, replace=mode == "replace", start=start)
	doc.add_comment(
		"Info",
		_("Imported {0} price lines from {1}.").format(result["imported"], filename or _("a workbook"))
		+ (
			" " + _("They replace the {0} lines before.").format(result["replaced"])
			if result["replaced"]
			else ""
		),
	)
	return result


def write_lines(doc, rows: list[dict], replace: bool, start: int = 0) -> int:
	"""Bulk-write checked lines (a 10,000-line sheet is a few multi-row INSERTs, not 10,000 saves),
	numbered from `start` + 1: after the lines there when adding, from 1 when replacing them."""
	if replace:
		item = frappe.qb.DocType(PRICE_FILE_ITEM)
		frappe.qb.from_(item).delete().where(
			(item.parent == doc.name) & (item.parenttype == PRICE_FILE)
		).run()
	now, user = now_datetime(), frappe.session.user
	columns = "name parent parenttype parentfield idx docstatus owner creation modified modified_by"
	fields = [*columns.split(), *LINE_FIELDS]
	values = []
	for idx, row in enumerate(rows, start=start + 1):
		set_derived_values(row)
		line = [row.get(f) if f not in NUMERIC_FIELDS else row.get(f) or 0 for f in LINE_FIELDS]
		values.append(
			(
				random_name(),
				doc.name,
				PRICE_FILE,
				"lines",
				idx,
				0,
				user,
				now,
				now,
				user,
				*line,
			)
		)
	insert_rows(PRICE_FILE_ITEM, fields, values, owner=user, timestamp=now)
	frappe.db.set_value(PRICE_FILE, doc.name, {"modified": now, "modified_by": user}, update_modified=False)
	frappe.clear_document_cache(PRICE_FILE, doc.name)
	return len(values)
