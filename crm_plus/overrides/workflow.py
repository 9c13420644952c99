"""The list sidebar's count of documents per workflow state, with record-level permissions.

Frappe 15 counts them with frappe.get_all over every record of the DocType; for DocTypes with
record-level rules (price files) only the records the user may see are counted.
"""

import frappe
from frappe.workflow.doctype.workflow import workflow

from crm_plus.compat import count_field
from crm_plus.overrides import Call, extends
from crm_plus.permissions import has_record_rules


@extends(workflow.get_workflow_state_count, reads=("doctype", "workflow_state_field", "states"))
def get_workflow_state_count(call: Call):
	doctype, workflow_state_field = call["doctype"], call["workflow_state_field"]
	if not has_record_rules(doctype):
		return call.original()
	frappe.has_permission(doctype=doctype, ptype="read", throw=True)
	states = frappe.parse_json(call["states"])
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return []
	result = frappe.get_list(
		doctype,
		fields=[workflow_state_field, count_field(doctype)],
		filters={workflow_state_field: ["not in", states]},
		group_by=workflow_state_field,
		order_by="",
	)
	return [r for r in result if r[workflow_state_field]]
