"""Sites that installed crm_plus before its workflow states and actions were remembered: remember the
ones its former fixtures made (all of crm_plus's but the framework's own defaults), so that uninstall
removes them as it removes those of a new install."""

import json

import frappe

from crm_plus.install import CREATED_MASTERS, WORKFLOW_ACTIONS, WORKFLOW_STATES, _created_masters

# made by the framework's own install (frappe/utils/install.py), never by crm_plus
FRAMEWORK_STATES = {"Pending", "Approved", "Rejected"}
FRAMEWORK_ACTIONS = {"Approve", "Reject", "Review"}


def execute():
	created = _created_masters()
	for doctype, names, framework in (
		("Workflow State", WORKFLOW_STATES, FRAMEWORK_STATES),
		("Workflow Action Master", WORKFLOW_ACTIONS, FRAMEWORK_ACTIONS),
	):
		for name in names:
			if name not in framework and frappe.db.exists(doctype, name):
				created[doctype] = sorted({*created[doctype], name})
	frappe.db.set_default(CREATED_MASTERS, json.dumps(created, sort_keys=True))
