"""Churn alerts on demand: acknowledge an alert, scan all customers now."""

import frappe
from frappe import _

from crm_plus import churn
from crm_plus.permissions.grading import may_run_for_all


@frappe.whitelist(methods=["POST"])
def acknowledge(alert: str) -> dict:
	frappe.has_permission(churn.ALERT, "write", doc=alert, throw=True)
	doc = churn.acknowledge(alert)
	return {
		"status": doc.status,
		"acknowledged_by": doc.acknowledged_by,
		"acknowledged_on": doc.acknowledged_on,
	}


@frappe.whitelist(methods=["POST"])
def scan_all() -> dict:
	"""Scan every customer in the background; the requester gets a notification with the result."""
	if not may_run_for_all():
		frappe.throw(
			_("Only CRM administrators may run the churn scan."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	churn.enqueue_scan_all(frappe.session.user)
	return {"queued": True}
