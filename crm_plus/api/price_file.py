"""Whitelisted endpoints of customer price files: check permission first, then call crm_plus.pricing."""

import frappe
from frappe import _

from crm_plus.permissions.price_file import sees_all_price_files
from crm_plus.pricing import PRICE_FILE, excel, excel_import, versions, word
from crm_plus.pricing.lines import header_doc


def _readable(name: str, ptype: str = "read"):
	doc = header_doc(name)  # the lines are read by the export itself, in one query
	doc.check_permission(ptype)
	return doc


@frappe.whitelist(methods=["POST"])
def new_revision(name: str) -> str:
	"""A new draft (version n+1) of the approved file `name`; returns its name."""
	_readable(name)
	return versions.make_revision(name).name


@frappe.whitelist(methods=["POST"])
def restore(name: str) -> str:
	"""A new draft with the lines of the (older) version `name`; returns its name."""
	_readable(name)
	return versions.make_revision(name, restore=True).name


@frappe.whitelist()
def version_history(name: str) -> list[dict]:
	_readable(name)
	return versions.history(name)


@frappe.whitelist()
def compare_versions(from_name: str, to_name: str) -> dict:
	for name in (from_name, to_name):
		_readable(name)
	return versions.compare(from_name, to_name)


@frappe.whitelist()
def export_xlsx(name: str) -> None:
	"""The price file as a formatted Excel workbook (cost and margin for price managers only)."""
	doc = _readable(name, "print")
	_download(f"{doc.title}.xlsx", excel.export_workbook(doc))


@frappe.whitelist()
def export_docx(name: str) -> None:
	"""The price file as a formal price letter (Word)."""
	doc = _readable(name, "print")
	_download(f"{doc.title}.docx", word.export_letter(doc))


@frappe.whitelist()
def download_template() -> None:
	"""The Excel template price lines are imported from."""
	frappe.has_permission(PRICE_FILE, "write", throw=True)
	_download(_("Price File Import Template") + ".xlsx", excel.template_workbook())


@frappe.whitelist(methods=["POST"])
def import_lines(name: str, file_url: str, mode: str = "replace") -> dict:
	"""Import lines from an .xlsx attached to the draft `name`: all rows or, on any problem, none
	(the answer lists every problem with its row and column)."""
	doc = header_doc(name)
	doc.check_permission("write")
	file_name = frappe.db.get_value(
		"File", {"file_url": file_url, "attached_to_doctype": PRICE_FILE, "attached_to_name": name}
	)
	if not file_name:
		frappe.throw(_("Attach the workbook to this price file first."), frappe.DoesNotExistError)
	file = frappe.get_doc("File", file_name)
	file.check_permission("read")
	with open(file.get_full_path(), "rb") as content:
		return excel_import.import_lines(doc, content, mode=mode, filename=file.file_name)


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def customer_query(
	doctype: str, txt: str, searchfield: str, start: int, page_len: int, filters: dict | str | None
) -> list:
	"""Customers the user may make a price file for: their own and those shared with them (every
	customer for price managers and administrators)."""
	frappe.has_permission(PRICE_FILE, "create", throw=True)
	customer = frappe.qb.DocType("CP Customer")
	share = frappe.qb.DocType("DocShare")
	user = frappe.session.user
	like = f"%{txt}%"
	query = (
		frappe.qb.from_(customer)
		.select(customer.name, customer.customer_name)
		.where((customer.name.like(like)) | (customer.customer_name.like(like)))
		.orderby(customer.customer_name)
		.limit(page_len)
		.offset(start)
	)
	if not sees_all_price_files(user):
		shared = (
			frappe.qb.from_(share)
			.select(share.share_name)
			.where((share.share_doctype == "CP Customer") & (share.user == user) & (share.read == 1))
		)
		query = query.where((customer.sales_owner == user) | customer.name.isin(shared))
	return query.run()


def _download(filename: str, content: bytes) -> None:
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = content
	frappe.response["type"] = "binary"
