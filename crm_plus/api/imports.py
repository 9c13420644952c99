"""Whitelisted endpoints of the import (CP Import): check the right, then call crm_plus.imports."""

import frappe
from frappe import _

from crm_plus.exceptions import ImportNotPermitted, ImportRefused
from crm_plus.imports import jobs
from crm_plus.imports.columns import COLUMNS
from crm_plus.imports.rights import may_import
from crm_plus.imports.rows import D_CREATE, D_MERGE, D_SKIP
from crm_plus.imports.template import build_template, template_filename

BUSY = ("Queued", "Validating", "Importing")


def _check_type(import_type: str) -> None:
	if import_type not in COLUMNS:
		frappe.throw(_("Unknown import type {0}.").format(import_type))
	if not may_import(import_type, frappe.session.user):
		frappe.throw(
			_("You may not import {0}.").format(_(import_type)), ImportNotPermitted, title=_("Not Permitted")
		)


@frappe.whitelist()
def download_template(import_type: str) -> None:
	"""The .xlsx template of `import_type` as a file download."""
	_check_type(import_type)
	frappe.response.filename = template_filename(import_type)
	frappe.response.filecontent = build_template(import_type)
	frappe.response.type = "binary"


def _own_import(name: str):
	doc = frappe.get_doc("CP Import", name)
	doc.check_permission("write")
	_check_type(doc.import_type)
	if doc.status in BUSY:
		frappe.throw(_("This import is already running."), ImportRefused)
	if doc.status == "Completed":
		frappe.throw(_("This import is completed; start a new import for another file."), ImportRefused)
	if not doc.import_file:
		frappe.throw(_("Attach the file to import first."), ImportRefused)
	return doc


@frappe.whitelist(methods=["POST"])
def validate_file(name: str) -> None:
	"""Queue the validation of the import's file (nothing is imported)."""
	doc = _own_import(name)
	_queue(doc, jobs.VALIDATE)


@frappe.whitelist(methods=["POST"])
def start_import(name: str) -> None:
	"""Queue the import of a validated file with the decisions taken on the form."""
	doc = _own_import(name)
	if doc.status != "Validated":
		frappe.throw(_("Validate the file first."), ImportRefused)
	_queue(doc, jobs.IMPORT)


def _queue(doc, action: str) -> None:
	"""Queued, once: two clicks at once queue one job (the second is refused)."""
	if not jobs.enqueue(doc.name, action):
		frappe.throw(_("This import is already running."), ImportRefused)
	doc.db_set("status", "Queued", notify=True)


@frappe.whitelist(methods=["POST"])
def decide_all(name: str, decision: str) -> int:
	"""Take `decision` on every close match still undecided; returns how many."""
	if decision not in (D_MERGE, D_CREATE, D_SKIP):
		frappe.throw(_("Unknown decision {0}.").format(decision))
	doc = _own_import(name)
	changed = 0
	for row in doc.decisions:
		if not row.decision:
			row.decision = decision
			changed += 1
	doc.save()
	return changed
