"""Price files with 10,000 lines: import from .xlsx, export to .xlsx and .docx.

    bench --site S crm-plus-benchmark price_file [--arg lines=10000]

In one run, on the same rows:
1. crm_plus's import (every row checked, then written in bulk) into one draft price file;
2. Frappe's own Data Import ("Insert New Records") of the same rows as the lines of one price file
   (the parent's columns on the first row, one line per row, as its template has them);
then the ratio of the two; then the export of the imported file to .xlsx and to .docx through the
same endpoints the form calls, and the refusal of a sheet of a million rows. Targets: import under 30 s
and faster than Data Import; each export under 10 s. Everything the run creates is removed at the end.
"""

import io
import os
import tempfile
import time

import frappe
from frappe.utils import add_years, nowdate
from openpyxl import Workbook

from crm_plus.benchmarks import peak_rss_mb, timed
from crm_plus.pricing.lines import header_doc
from crm_plus.utils.bulk import insert_rows

DT = "CP Price File"
PREFIX = "BENCH-PF"
TIERS = (1, 10, 50, 100, 200, 500, 1000, 2000, 5000, 10000)  # minimum quantities of one product


def run(lines: int | str = 10000, keep: int | str = 0) -> dict:
	lines = int(lines)
	frappe.set_user("Administrator")
	frappe.flags.mute_emails = True
	results: dict = {}
	created: dict = {"products": [], "files": [], "customer": None, "data_imports": []}
	try:
		customer, products = _setup(lines, created)
		rows = _rows(products, lines)
		ours = _xlsx(["Product Code", "Unit Price", "Minimum Quantity", "Discount (%)", "Note"], rows)
		print(
			f"price file benchmark: {lines} lines, {len(products)} products, workbook {len(ours) // 1024} KiB"
		)

		# 1. crm_plus import
		draft = _new_file(customer, created)
		with timed("crm_plus import (s)", results):
			from crm_plus.pricing.excel_import import import_lines

			result = import_lines(header_doc(draft), io.BytesIO(ours), filename="bench.xlsx")
		frappe.db.commit()
		assert result["ok"] and result["imported"] == lines, result["errors"][:5]

		# 2. Frappe's Data Import of the same rows, into the same DocType
		with timed("Frappe Data Import (s)", results):
			imported = _frappe_data_import(customer, rows, created)
		assert imported == lines, f"Data Import wrote {imported} lines"
		results["ratio (Data Import / crm_plus)"] = round(
			results["Frappe Data Import (s)"] / max(results["crm_plus import (s)"], 0.001), 1
		)

		# 3. exports of the 10,000-line file, through the endpoints the form calls
		from crm_plus.api import price_file as api

		for method, label in ((api.export_xlsx, "export .xlsx (s)"), (api.export_docx, "export .docx (s)")):
			frappe.local.response = frappe._dict()
			with timed(label, results):
				method(draft)
			results[label.replace("(s)", "size (KiB)")] = len(frappe.local.response.filecontent) // 1024

		# 4. a sheet of a million rows is refused from its declared size
		results["refuse a 1,000,000-row sheet (s)"] = _refuse_million_rows(draft)
		results["peak RSS (MB)"] = peak_rss_mb()
	finally:
		if not int(keep):
			_cleanup(created)
		frappe.db.commit()  # nosemgrep: a CLI benchmark removing what it made
	for label, value in results.items():
		print(f"  {label:<36} {value}")
	return results


def _setup(lines: int, created: dict) -> tuple[str, list[str]]:
	customer = frappe.get_doc(
		{"doctype": "CP Customer", "customer_name": f"{PREFIX} 价格基准客户有限公司", "sales_owner": None}
	).insert()
	created["customer"] = customer.name
	count = -(-lines // len(TIERS))
	products = [f"{PREFIX}-{i:05d}" for i in range(1, count + 1)]
	insert_rows(
		"CP Product",
		["name", "naming_series", "product_name", "product_code", "unit"],
		((p, "PRD-.#####", f"基准产品 {p}", p, "件") for p in products),
	)
	created["products"] = products
	frappe.db.commit()
	return customer.name, products


def _rows(products: list[str], lines: int) -> list[list]:
	rows = []
	for i in range(lines):
		product = products[i // len(TIERS)]
		tier = TIERS[i % len(TIERS)]
		rows.append([product, round(100 - tier / 200, 2), tier, 0 if tier < 100 else 5, f"第 {i + 1} 行"])
	return rows


def _xlsx(header: list[str], rows) -> bytes:
	wb = Workbook(write_only=True)
	ws = wb.create_sheet()
	ws.append(header)
	for row in rows:
		ws.append(row)
	out = io.BytesIO()
	wb.save(out)
	return out.getvalue()


def _new_file(customer: str, created: dict) -> str:
	doc = frappe.get_doc(
		{"doctype": DT, "customer": customer, "valid_from": nowdate(), "valid_to": add_years(nowdate(), 1)}
	).insert()
	created["files"].append(doc.name)
	frappe.db.commit()
	return doc.name


def _frappe_data_import(customer: str, rows: list[list], created: dict) -> int:
	"""Frappe's Data Import, as its form runs it, of one price file whose lines are `rows`."""
	from frappe.core.doctype.data_import.exporter import Exporter
	from frappe.core.doctype.data_import.importer import Importer

	parent_fields = ["customer", "currency", "valid_from", "valid_to"]
	line_fields = ["product", "unit_price", "min_qty", "discount", "note"]
	header = Exporter(DT, export_fields={DT: parent_fields, "lines": line_fields}, file_type="CSV").csv_array[
		0
	]
	parent = [customer, "CNY", nowdate(), add_years(nowdate(), 1)]
	table = [parent + rows[0]] + [[None] * len(parent) + row for row in rows[1:]]
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{PREFIX}-data-import.xlsx",
			"content": _xlsx(header, table),
			"is_private": 1,
		}
	).insert()
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": DT,
			"import_type": "Insert New Records",
			"import_file": file.file_url,
			"mute_emails": 1,
		}
	).insert()
	created["data_imports"].append((data_import.name, file.name))
	Importer(DT, data_import=data_import).import_data()
	frappe.db.commit()
	names = frappe.get_all(
		DT, filters={"customer": customer, "name": ("not in", created["files"])}, pluck="name"
	)
	created["files"] += names
	return frappe.db.count("CP Price File Item", {"parent": ("in", names)}) if names else 0


def _refuse_million_rows(name: str) -> float:
	from crm_plus.exceptions import PriceFileImportError
	from crm_plus.pricing.excel_import import import_lines

	with tempfile.TemporaryDirectory() as tmp:
		wb = Workbook()
		ws = wb.active
		ws.append(["Product Code", "Unit Price"])
		ws.cell(row=1_000_000, column=1, value="end")  # the sheet's last row: 1,000,000
		path = os.path.join(tmp, "million.xlsx")
		wb.save(path)
		doc = header_doc(name)
		started = time.perf_counter()
		try:
			with open(path, "rb") as f:
				import_lines(doc, f)
		except PriceFileImportError as e:
			frappe.clear_last_message()
			print(f"  refused: {e}")
			return round(time.perf_counter() - started, 3)
		raise AssertionError("a sheet of a million rows was not refused")


def _cleanup(created: dict) -> None:
	files = created["files"]
	if files:
		for doctype, field in (
			("CP Price File Item", "parent"),
			("Version", "docname"),
			("Comment", "reference_name"),
		):
			frappe.db.delete(doctype, {field: ("in", files)})
		frappe.db.delete(DT, {"name": ("in", files)})
	for data_import, file in created["data_imports"]:
		frappe.db.delete("Data Import Log", {"data_import": data_import})
		frappe.delete_doc("Data Import", data_import, force=True)
		frappe.delete_doc("File", file, force=True)
	if created["products"]:
		frappe.db.delete("CP Product", {"name": ("in", created["products"])})
	if created["customer"]:
		frappe.delete_doc("CP Customer", created["customer"], force=True)
