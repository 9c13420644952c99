"""CP Grading Settings and the grade tiers, read for a run; the names grading writes under."""

from dataclasses import fields

import frappe
from frappe.utils import cint, flt

from crm_plus.doctypes import CUSTOMER_GRADE, GRADING_SETTINGS
from crm_plus.grading.score import Rules, Tier, sort_tiers

# sources of a grade change (CP Grade History.source)
SCHEDULED = "Scheduled Re-grade"
ON_DEMAND = "On Demand"
MANUAL_OVERRIDE = "Manual Override"
OVERRIDE_REMOVED = "Override Removed"

# the grading fields of CP Customer: written by the grading, never by saving a customer
COMPUTED_FIELDS = ("grade", "value_score", "grade_locked", "grade_override_reason", "last_graded_on")
# customers per IN (...) list of one query
QUERY_CHUNK = 5_000


def load_rules() -> Rules:
	settings = frappe.get_single(GRADING_SETTINGS)
	defaults = Rules()
	values = {}
	for f in fields(Rules):
		value = settings.get(f.name)
		if value is None:
			value = getattr(defaults, f.name)
		values[f.name] = cint(value) if f.name == "period_months" else flt(value)
	return Rules(**values)


def load_tiers() -> list[Tier]:
	return sort_tiers(
		[
			Tier(t.name, flt(t.min_score), cint(t.sequence))
			for t in frappe.get_all(CUSTOMER_GRADE, fields=["name", "min_score", "sequence"])
		]
	)
