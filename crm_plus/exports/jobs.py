"""List exports too large for one request: a job on the long queue writes the file as a private File
of the user who asked and tells them through a Notification Log (the bell), with progress on the way.

The job runs as that user (frappe.enqueue records who enqueued it), so it re-validates the request
and reads exactly what the user may read when it runs, not when it was asked for. The File is written
only at the end: a worker killed mid-export leaves no file, and asking again exports again.
"""

import hashlib

import frappe
from frappe import _
from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
from frappe.translate import get_user_lang

from crm_plus.exports import log_export
from crm_plus.exports.excel import XLSX_MIMETYPE, list_to_xlsx
from crm_plus.exports.query import FORMATS, ListExport
from crm_plus.exports.word import DOCX_MIMETYPE, list_to_docx
from crm_plus.utils import jobs

MIMETYPES = {"xlsx": XLSX_MIMETYPE, "docx": DOCX_MIMETYPE}
JOB_TIMEOUT = 3600


def build(export: ListExport, total: int | None = None, progress=None) -> bytes:
	if export.file_format == "xlsx":
		return list_to_xlsx(export, total=total, progress=progress)
	return list_to_docx(export, progress=progress)


@frappe.read_only()
def build_from_replica(export: ListExport, total: int | None = None, progress=None) -> bytes:
	"""The file's rows read from the read replica when the site has one (README, "Production")."""
	return build(export, total=total, progress=progress)


def enqueue_list_export(request: dict) -> None:
	"""Run the export described by `request` (ListExport.prepare's arguments) in the background.

	The same export asked for again by the same user while the first is queued or running (a double
	click) is not queued twice: the job id is the user and the request, and the job deduplicates."""
	doctype = request["doctype"]
	jobs.enqueue(
		"crm_plus.exports.jobs.run_list_export",
		job_id=export_job_id(request),
		title=_("Exporting {0} to {1}").format(
			_(doctype), FORMATS.get(request.get("file_format") or "xlsx", "")
		),
		timeout=JOB_TIMEOUT,
		request=request,
	)


def export_job_id(request: dict, user: str | None = None) -> str:
	digest = hashlib.sha1(
		frappe.as_json(request, indent=None).encode() + b"|" + (user or frappe.session.user).encode()
	).hexdigest()
	return f"crm_plus-export-{digest}"


def run_list_export(request: dict) -> str:
	"""The background job: build the file, keep it as a private File, notify the user. Returns the
	File's name."""
	user = frappe.session.user
	frappe.local.lang = get_user_lang(user)
	export = ListExport.prepare(**request)
	total = export.count()
	title = _("Exporting {0} to {1}").format(_(export.doctype), FORMATS[export.file_format])

	def progress(done: int, of: int | None):
		jobs.heartbeat(done * 100 / (of or total or 1))
		frappe.publish_progress(
			done * 100 / (of or total or 1),
			title=title,
			description=_("{0} of {1}").format(done, of or total),
		)

	content = build_from_replica(export, total=total, progress=progress)
	jobs.heartbeat(95, _("Saving the file"))
	log_export(export.doctype, export.file_format, filters=export.filters)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": export.filename(),
			"is_private": 1,
			"content": content,
		}
	).insert()
	frappe.publish_progress(100, title=title)
	make_notification_logs(
		frappe._dict(
			{
				"type": "Alert",
				"subject": _("Your export of {0} ({1} records) is ready: {2}").format(
					_(export.doctype), total, file.file_name
				),
				"document_type": "File",
				"document_name": file.name,
				"link": file.file_url,
				"from_user": user,
			}
		),
		[user],
	)
	return file.name
