"""Grading on demand: re-grade one customer or all, override a grade, remove an override."""

import frappe
from frappe import _

from crm_plus import grading
from crm_plus.permissions.grading import may_override_grade, may_regrade, may_run_for_all


def _refuse(message: str):
	frappe.throw(message, frappe.PermissionError, title=_("Not Permitted"))


@frappe.whitelist(methods=["POST"])
def regrade_customer(customer: str) -> dict:
	if not may_regrade(customer):
		_refuse(_("You may not re-grade customer {0}.").format(frappe.bold(customer)))
	result = grading.regrade([customer], source=grading.ON_DEMAND)
	return {
		**result.as_dict(),
		**frappe.db.get_value("CP Customer", customer, ["grade", "value_score"], as_dict=True),
	}


@frappe.whitelist(methods=["POST"])
def regrade_all() -> dict:
	"""Re-grade every customer in the background; the requester sees the progress and gets a notification."""
	if not may_run_for_all():
		_refuse(_("Only CRM administrators may re-grade all customers."))
	grading.enqueue_regrade_all(frappe.session.user)
	return {"queued": True}


@frappe.whitelist(methods=["POST"])
def override_grade(customer: str, grade: str, reason: str) -> dict:
	if not may_override_grade(customer):
		_refuse(
			_("Only the sales manager of customer {0} or a CRM administrator may override its grade.").format(
				frappe.bold(customer)
			)
		)
	change = grading.override_grade(customer, grade, reason)
	return {"from_grade": change.from_grade, "to_grade": change.to_grade}


@frappe.whitelist(methods=["POST"])
def remove_override(customer: str, reason: str | None = None) -> dict:
	if not may_override_grade(customer):
		_refuse(
			_(
				"Only the sales manager of customer {0} or a CRM administrator may remove its grade override."
			).format(frappe.bold(customer))
		)
	grading.remove_override(customer, reason)
	return frappe.db.get_value("CP Customer", customer, ["grade", "value_score"], as_dict=True)
