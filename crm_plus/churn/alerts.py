"""Acting on one churn alert."""

import frappe
from frappe import _

from crm_plus.churn.settings import ACKNOWLEDGED, CLOSED
from crm_plus.doctypes import CHURN_ALERT as ALERT
from crm_plus.exceptions import ChurnAlertError


def acknowledge(alert: str):
	"""The owner (or anyone who may change the customer) has seen the alert and is acting on it: it is
	no longer escalated. It still closes by itself when its cause goes away."""
	doc = frappe.get_doc(ALERT, alert)
	if doc.status == CLOSED:
		frappe.throw(
			_("This churn alert was closed on {0}: its cause went away.").format(
				frappe.format(doc.closed_on, "Datetime")
			),
			ChurnAlertError,
			title=_("Alert Closed"),
		)
	if doc.status == ACKNOWLEDGED:
		return doc
	doc.status = ACKNOWLEDGED  # the controller records who and when
	doc.save()
	return doc
