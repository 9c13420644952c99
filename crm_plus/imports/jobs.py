"""The two background jobs of a CP Import: Validate (read, check, find duplicates, close matches and
anomalies, write the report; nothing imported) and Import (the same analysis again, with the
decisions taken, then the writes). Both run on the long queue as the user who started them, so the
analysis sees exactly the records that user may see.

An import is all or nothing: the writes run after a savepoint and an error rolls back to it, leaving
only the CP Import's own status (Failed) and message. Both jobs commit only at their end, so a worker
killed mid-job leaves nothing of it either; the job's record (crm_plus.utils.jobs) then puts the CP Import
back where the user can start it again (``job_failed``). One job per CP Import at a time.
"""

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import cstr, flt, now_datetime

from crm_plus.imports.checks import analyse
from crm_plus.imports.parties import decision_key
from crm_plus.imports.reader import read_rows
from crm_plus.imports.report import build_report
from crm_plus.imports.rows import Analysis
from crm_plus.imports.write import execute
from crm_plus.utils import jobs

JOB_TIMEOUT = 3600
VALIDATE, IMPORT = "validate", "import"
COUNTERS = (
	"total_rows",
	"error_rows",
	"duplicate_rows",
	"close_match_rows",
	"anomaly_rows",
	"created_count",
	"merged_count",
	"skipped_count",
)


def enqueue(import_name: str, action: str) -> bool:
	"""Queue `action` of the import; False when a job of this import is queued or running already."""
	title = _("Validating {0}") if action == VALIDATE else _("Importing {0}")
	return jobs.enqueue(
		"crm_plus.imports.jobs.run",
		job_id=f"crm_plus:import:{import_name}",
		title=title.format(import_name),
		timeout=JOB_TIMEOUT,
		reference=("CP Import", import_name),
		on_failure="crm_plus.imports.jobs.job_failed",
		import_name=import_name,
		action=action,
	)


def job_failed(record: dict, reason: str) -> None:
	"""The job died (or failed outside the import's own error handling): nothing of it was kept; the CP
	Import goes back to where the user can start it again, saying so."""
	import json

	name = record.get("reference_name")
	if not name or not frappe.db.exists("CP Import", name):
		return
	action = json.loads(frappe.db.get_value(jobs.JOB, record["name"], "arguments") or "{}").get("action")
	lang = get_user_lang(record.get("user") or frappe.session.user)
	if action == IMPORT:
		status, message = (
			"Validated",
			_("The import did not finish ({0}); nothing was imported. Start it again.", lang=lang),
		)
	else:
		status, message = (
			"Failed",
			_("The validation did not finish ({0}). Validate the file again.", lang=lang),
		)
	t = frappe.qb.DocType("CP Import")
	(
		frappe.qb.update(t)
		.set(t.status, status)
		.set(t.message, message.format(reason))
		.where((t.name == name) & t.status.isin(("Queued", "Validating", "Importing")))
		.run()
	)


def run(import_name: str, action: str) -> None:
	frappe.local.lang = get_user_lang(frappe.session.user)
	doc = frappe.get_doc("CP Import", import_name)
	if action == VALIDATE:
		run_validation(doc)
	else:
		run_import(doc)


def _progress(doc, title: str):
	def progress(percent: float, description: str = ""):
		jobs.heartbeat(percent, description)
		frappe.publish_progress(
			percent, title=title, doctype=doc.doctype, docname=doc.name, description=description
		)

	return progress


def _decisions(doc) -> dict:
	return {(d.row_no, d.existing_record): d.decision for d in doc.decisions if d.decision}


def _analyse(doc, progress) -> Analysis:
	table = read_rows(doc.import_file)
	return analyse(
		doc.import_type,
		table,
		user=frappe.session.user,
		threshold=flt(doc.similarity_threshold or 80) / 100,
		decisions=_decisions(doc),
		progress=progress,
	)


def _set_status(doc, status: str, message: str | None = None) -> None:
	doc.db_set({"status": status, "message": message}, notify=True)


def run_validation(doc) -> Analysis | None:
	progress = _progress(doc, _("Validating {0}").format(doc.name))
	_set_status(doc, "Validating")
	try:
		analysis = _analyse(doc, progress)
	except frappe.ValidationError as e:
		_finish(doc, "Failed", cstr(e) or _("The file could not be read."))
		return None
	summary = analysis.summary()
	doc.set("decisions", [])
	for row in analysis.rows:
		c = row.candidate
		if c is None or row.errors:
			continue
		doc.append(
			"decisions",
			{
				"row_no": row.row_no,
				"import_name": row.title,
				"match_kind": c.kind,
				"similarity": round(c.similarity * 100, 1),
				"existing_record": decision_key(c),
				"existing_title": c.title if c.record else _("Row {0}: {1}").format(c.row_no, c.title),
				"decision": row.decision,
			},
		)
	doc.update({key: summary.get(key, 0) for key in COUNTERS})
	doc.validated_on = now_datetime()
	doc.status = "Validated" if not analysis.file_errors else "Failed"
	doc.message = _validation_message(analysis, summary)
	doc.report_file = _attach_report(doc, analysis, summary)
	doc.flags.from_job = True
	doc.save()
	progress(100, doc.message)
	return analysis


def _validation_message(analysis: Analysis, summary: dict) -> str:
	if analysis.file_errors:
		return "\n".join(analysis.file_errors)
	return _(
		"{0} rows: {1} with errors, {2} duplicates (merged), {3} close matches to decide, {4} anomalies."
	).format(
		summary["total_rows"],
		summary["error_rows"],
		summary["duplicate_rows"],
		summary["close_match_rows"],
		summary["anomaly_rows"],
	)


def run_import(doc) -> Analysis | None:
	progress = _progress(doc, _("Importing {0}").format(doc.name))
	_set_status(doc, "Importing")
	frappe.db.savepoint("cp_import")
	try:
		analysis = _analyse(doc, progress)
		counts = execute(analysis, bool(doc.skip_bad_rows), progress=progress)
	except Exception as e:
		frappe.db.rollback(save_point="cp_import")
		frappe.clear_last_message()
		message = cstr(e) if isinstance(e, frappe.ValidationError | frappe.PermissionError) else repr(e)
		_finish(doc, "Failed", _("Nothing was imported: {0}").format(message))
		if not isinstance(e, frappe.ValidationError | frappe.PermissionError):
			frappe.log_error(title=f"CP Import {doc.name}")
		return None
	summary = {**analysis.summary(), **counts}
	doc.update({key: summary.get(key, 0) for key in COUNTERS})
	doc.imported_on = now_datetime()
	doc.status = "Completed"
	doc.message = _("{0} created, {1} merged, {2} skipped or not imported.").format(
		counts["created_count"], counts["merged_count"], counts["skipped_count"]
	)
	doc.report_file = _attach_report(doc, analysis, summary)
	doc.flags.from_job = True
	doc.save()
	progress(100, doc.message)
	return analysis


def _finish(doc, status: str, message: str) -> None:
	doc.reload()
	doc.status = status
	doc.message = message
	doc.flags.from_job = True
	doc.save()


def _attach_report(doc, analysis: Analysis, summary: dict) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{doc.name}-{_('Import Report')}.xlsx",
			"attached_to_doctype": doc.doctype,
			"attached_to_name": doc.name,
			"is_private": 1,
			"content": build_report(analysis, summary),
		}
	).insert(ignore_permissions=True)
	return file.file_url
