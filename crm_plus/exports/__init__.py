"""Word and Excel output of every crm_plus record and list (README, "Word, Excel and print output": every section's 导出EXCEL /
导出WORD), built once from DocType metadata instead of one exporter per DocType.

- ``fields``  which fields an export shows: the DocType's layout, minus what the user's permission
  levels hide (cost fields never leak);
- ``values``  a stored value as a reader sees it (translated options, formatted numbers, rich text
  as plain text);
- ``query``   a list export: validated filters, fields and sort order, read through
  ``frappe.get_list`` so role, record and field rules apply exactly as in the list view;
- ``word``    python-docx: one record as a document, or a list as one table;
- ``excel``   openpyxl in write-only mode, rows streamed from an unbuffered cursor;
- ``jobs``    exports of more than ``background_rows()`` records run on the long queue; the file
  becomes a private File and the user is notified.

The desk buttons are crm_plus/public/js/crm_plus.js; the endpoints crm_plus/api/exports.py.
Nothing is written to disk except private File records of the site (and openpyxl's scratch files,
kept in the site's private folder and removed at once — see ``excel.private_scratch_dir``).
"""

import frappe
from frappe import _

from crm_plus.exceptions import NotExportableError

# Framework DocTypes whose crm_plus records (customer contacts and addresses) export like crm_plus's.
EXTRA_DOCTYPES = ("Contact", "Address")
DEFAULT_BACKGROUND_ROWS = 5000


def background_rows() -> int:
	"""Above this many records a list export runs as a background job (site config
	``crm_plus_export_background_rows`` overrides)."""
	return int(frappe.conf.get("crm_plus_export_background_rows") or DEFAULT_BACKGROUND_ROWS)


def exportable_doctypes() -> list[str]:
	"""Every DocType of crm_plus's modules that is not a child table, and EXTRA_DOCTYPES."""
	own = frappe.get_all(
		"DocType",
		filters={"module": ("in", frappe.get_module_list("crm_plus")), "istable": 0},
		pluck="name",
		order_by="name",
	)
	return own + [dt for dt in EXTRA_DOCTYPES if dt not in own]


def check_doctype(doctype: str | None, *, for_list: bool = False):
	"""The meta of `doctype` if Word / Excel export serves it; a clear error otherwise."""
	if not doctype or not frappe.db.exists("DocType", doctype):
		frappe.throw(_("DocType {0} does not exist.").format(frappe.bold(doctype)), frappe.DoesNotExistError)
	if doctype not in exportable_doctypes():
		frappe.throw(
			_("Word and Excel export serves CRM Plus records only, not {0}.").format(frappe.bold(doctype)),
			NotExportableError,
		)
	meta = frappe.get_meta(doctype)
	if for_list and meta.issingle:
		frappe.throw(_("{0} has no list to export.").format(frappe.bold(_(doctype))), NotExportableError)
	return meta


def permitted_doc(doctype: str, name: str):
	"""The record `name` of `doctype`, if the user may read it (a Word copy of a form needs what its
	print and PDF need); PermissionError (403) otherwise."""
	meta = check_doctype(doctype)
	if not frappe.has_permission(doctype, "read"):
		frappe.throw(_("You are not permitted to export {0}.").format(_(doctype)), frappe.PermissionError)
	name = doctype if meta.issingle else name
	if not name or not frappe.db.exists(doctype, name):
		frappe.throw(
			_("{0} {1} does not exist.").format(_(doctype), frappe.bold(name)), frappe.DoesNotExistError
		)
	doc = frappe.get_doc(doctype, name)
	doc.check_permission("read")
	return doc


def check_list_permission(doctype: str):
	"""A list export needs the DocType's Export right, as the framework's own export does."""
	meta = check_doctype(doctype, for_list=True)
	if not frappe.has_permission(doctype, "export"):
		frappe.throw(_("You are not permitted to export {0}.").format(_(doctype)), frappe.PermissionError)
	return meta


def log_export(doctype: str, file_type: str, document: str | None = None, filters=None) -> None:
	"""Record the export in the Access Log, as the framework's own exports do."""
	from frappe.core.doctype.access_log.access_log import make_access_log

	make_access_log(
		doctype=doctype,
		document=document,
		file_type=file_type,
		filters=frappe.as_json(filters) if filters else None,
	)


def boot_session(bootinfo) -> None:
	"""The desk adds Export Word / Export Excel to the lists and forms of these DocTypes."""
	if frappe.session.user != "Guest":
		bootinfo.crm_plus_exportable = exportable_doctypes()
