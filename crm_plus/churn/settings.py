"""CP Churn Settings read for a scan, and the names of causes and alert states."""

from dataclasses import dataclass

import frappe
from frappe.utils import cint

from crm_plus.doctypes import CHURN_SETTINGS

NO_ORDER = "No Order"
UNRESOLVED_COMPLAINT = "Unresolved Complaint"
NO_FOLLOW_UP = "No Follow-up"
GRADE_DROPPED = "Grade Dropped"
CAUSES = (NO_ORDER, UNRESOLVED_COMPLAINT, NO_FOLLOW_UP, GRADE_DROPPED)

OPEN = "Open"
ACKNOWLEDGED = "Acknowledged"
CLOSED = "Closed"
OPEN_STATUSES = (OPEN, ACKNOWLEDGED)

CHURNED = "Churned"
RESOLVED = "Resolved"
REPORT_LINK = "/app/query-report/CP%20Churn%20Risk"
# customers per IN (...) list of one query
QUERY_CHUNK = 5_000


@dataclass(frozen=True)
class ChurnRules:
	no_order_enabled: bool = True
	no_order_days: int = 90
	complaint_enabled: bool = True
	complaint_days: int = 7
	no_follow_up_enabled: bool = True
	no_follow_up_days: int = 60
	grade_drop_enabled: bool = True
	grade_drop_days: int = 30
	escalation_enabled: bool = True
	escalation_days: int = 7
	send_email: bool = True


def load_rules() -> ChurnRules:
	settings = frappe.get_single(CHURN_SETTINGS)
	defaults = ChurnRules()
	values = {}
	for name, default in defaults.__dict__.items():
		value = settings.get(name)
		values[name] = default if value is None else type(default)(cint(value))
	return ChurnRules(**values)


def open_key(customer: str, cause: str) -> str:
	return f"{customer}|{cause}"
