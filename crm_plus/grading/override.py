"""A manual grade override (pinned until removed, with its reason, in the grade history), and the
guard that keeps the computed grading fields of CP Customer out of reach of a form save or REST."""

import frappe
from frappe import _
from frappe.utils import flt

from crm_plus.doctypes import CUSTOMER, CUSTOMER_GRADE
from crm_plus.exceptions import GradeOverrideError
from crm_plus.grading.figures import CustomerRow
from crm_plus.grading.notify import notify_owners
from crm_plus.grading.run import Change, Result, record_history, regrade
from crm_plus.grading.settings import COMPUTED_FIELDS, MANUAL_OVERRIDE, OVERRIDE_REMOVED


def _locked_row(customer: str) -> CustomerRow:
	cu = frappe.qb.DocType(CUSTOMER)
	rows = (
		frappe.qb.from_(cu)
		.select(*(cu[f] for f in CustomerRow._fields))
		.where(cu.name == customer)
		.for_update()
		.run()
	)
	if not rows:
		raise frappe.DoesNotExistError(_("Customer {0} not found").format(customer))
	return CustomerRow._make(rows[0])


def override_grade(customer: str, grade: str, reason: str, user: str | None = None) -> Change:
	"""Pin `customer` to `grade` until the override is removed; recorded in the grade history."""
	user = user or frappe.session.user
	reason = (reason or "").strip()
	if not reason:
		frappe.throw(
			_("Give the reason for overriding the grade."), GradeOverrideError, title=_("Reason Missing")
		)
	if not grade or not frappe.db.exists(CUSTOMER_GRADE, grade):
		frappe.throw(
			_("{0} is not a customer grade.").format(frappe.bold(grade)),
			GradeOverrideError,
			title=_("Unknown Grade"),
		)
	row = _locked_row(customer)
	cu = frappe.qb.DocType(CUSTOMER)
	(
		frappe.qb.update(cu)
		.set(cu.grade, grade)
		.set(cu.grade_locked, 1)
		.set(cu.grade_override_reason, reason)
		.where(cu.name == customer)
		.run()
	)
	change = Change(customer, row.customer_name, row.sales_owner, row.grade, grade, flt(row.value_score, 1))
	record_history([change], MANUAL_OVERRIDE, user=user, reason=reason)
	frappe.clear_document_cache(CUSTOMER, customer)
	if row.grade != grade:
		notify_owners([change], MANUAL_OVERRIDE, user=user)
	return change


def remove_override(customer: str, reason: str | None = None, user: str | None = None) -> Result:
	"""Unpin the grade of `customer` and grade it again at once."""
	user = user or frappe.session.user
	row = _locked_row(customer)
	if not row.grade_locked:
		frappe.throw(
			_("The grade of {0} is not overridden.").format(frappe.bold(row.customer_name)),
			GradeOverrideError,
			title=_("No Override"),
		)
	cu = frappe.qb.DocType(CUSTOMER)
	(
		frappe.qb.update(cu)
		.set(cu.grade_locked, 0)
		.set(cu.grade_override_reason, None)
		.where(cu.name == customer)
		.run()
	)
	reason = (reason or "").strip() or None
	result = regrade([customer], source=OVERRIDE_REMOVED, user=user, reason=reason)
	if not result.changes:
		# the computed grade is the one that was pinned: the removal is still part of the history
		score = frappe.db.get_value(CUSTOMER, customer, "value_score")
		record_history(
			[Change(customer, row.customer_name, row.sales_owner, row.grade, row.grade, flt(score, 1))],
			OVERRIDE_REMOVED,
			user=user,
			reason=reason,
		)
	return result


def keep_computed_grade(doc, method=None) -> None:
	"""CP Customer's validate: the grading fields are written by the grading and the
	override action only, so saving a form opened before a re-grade, or a REST call, cannot change
	them. A new customer may bring a grade (an import of existing grades); the next re-grade replaces it."""
	if doc.is_new():
		doc.value_score = 0
		doc.grade_locked = 0
		doc.grade_override_reason = None
		doc.last_graded_on = None
		return
	stored = frappe.db.get_value(CUSTOMER, doc.name, COMPUTED_FIELDS, as_dict=True)
	if stored:
		doc.update(stored)
