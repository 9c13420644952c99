"""Export Word / Export Excel on every crm_plus list and form (crm_plus/public/js/crm_plus.js).

- ``download_doc``: a record as a Word document (needs read on it, as its print and PDF do);
- ``prepare_list_export``: how many records a list export would hold; above
  ``crm_plus.exports.background_rows()`` the export is started as a background job right away;
- ``download_list``: a list export small enough for one request, as .xlsx or .docx.

List exports need the DocType's Export right and read through ``frappe.get_list``. Errors: 403 for a
DocType or record the user may not export, 404 for an unknown DocType or record, 417 with a message
for an unknown field, filter or format. Files are streamed as the response; only background exports
are kept, as private Files.
"""

import frappe
from frappe import _

from crm_plus import exports
from crm_plus.exceptions import ExportTooLargeError
from crm_plus.exports import jobs, word
from crm_plus.exports.query import ListExport

JSONish = str | list | dict | None


@frappe.whitelist()
def download_doc(doctype: str, name: str) -> None:
	doc = exports.permitted_doc(doctype, name)
	content = word.doc_to_docx(doc)
	exports.log_export(doctype, "docx", document=doc.name)
	_send(word.doc_filename(doc), content, word.DOCX_MIMETYPE)


@frappe.whitelist()
def prepare_list_export(
	doctype: str,
	file_format: str = "xlsx",
	filters: JSONish = None,
	names: JSONish = None,
	fields: JSONish = None,
	order_by: str | None = None,
) -> dict:
	request = {
		"doctype": doctype,
		"file_format": file_format,
		"filters": filters,
		"names": names,
		"fields": fields,
		"order_by": order_by,
	}
	count = ListExport.prepare(**request).count()
	if count > exports.background_rows():
		jobs.enqueue_list_export(request)
		return {"count": count, "queued": True}
	return {"count": count, "queued": False}


@frappe.whitelist()
def download_list(
	doctype: str,
	file_format: str = "xlsx",
	filters: JSONish = None,
	names: JSONish = None,
	fields: JSONish = None,
	order_by: str | None = None,
) -> None:
	export = ListExport.prepare(doctype, file_format, filters, names, fields, order_by)
	count = export.count()
	if count > exports.background_rows():
		frappe.throw(
			_(
				"{0} records are too many to export at once; export them from the list, in the background."
			).format(count),
			ExportTooLargeError,
		)
	content = jobs.build(export, total=count)
	exports.log_export(doctype, file_format, filters=export.filters)
	_send(export.filename(), content, jobs.MIMETYPES[file_format])


def _send(filename: str, content: bytes, mimetype: str) -> None:
	frappe.response["type"] = "download"
	frappe.response["filename"] = filename
	frappe.response["filecontent"] = content
	frappe.response["content_type"] = mimetype
