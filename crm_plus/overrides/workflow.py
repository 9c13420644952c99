"""The list sidebar's count of documents per workflow state, with record-level permissions.

Frappe 15 counts them with frappe.get_all over every record of the DocType; for DocTypes with
record-level rules (price files) only the records the user may see are counted.
"""

import frappe
from frappe.workflow.doctype.workflow import workflow

from crm_plus.permissions import has_record_rules


@frappe.whitelist()
def get_workflow_state_count(doctype, workflow_state_field, states):
	if not has_record_rules(doctype):
		return workflow.get_workflow_state_count(doctype, workflow_state_field, states)
	frappe.has_permission(doctype=doctype, ptype="read", throw=True)
	states = frappe.parse_json(states)
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return []
	result = frappe.get_list(
		doctype,
		fields=[workflow_state_field, "count(*) as count"],
		filters={workflow_state_field: ["not in", states]},
		group_by=workflow_state_field,
		order_by="",
	)
	return [r for r in result if r[workflow_state_field]]
