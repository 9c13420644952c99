"""frappe.client.get_count with record-level permissions.

Frappe 15's frappe.client.get_count (GET /api/method/frappe.client.get_count) counts with
frappe.db.count, which ignores permissions: a rep could count another rep's customers. For DocTypes
with record-level rules the count goes through frappe.get_list, like the list view's own count;
every other DocType is counted by the framework as before.
"""

import frappe
from frappe import client

from crm_plus.compat import count_field
from crm_plus.overrides import Call, extends
from crm_plus.permissions import has_record_rules


@extends(client.get_count, reads=("doctype", "filters", "debug"))
def get_count(call: Call):
	doctype = call["doctype"]
	if not has_record_rules(doctype):
		return call.original()
	filters = client.get_safe_filters(call["filters"])
	result = frappe.get_list(
		doctype, filters=filters, fields=[count_field(doctype)], as_list=True, debug=call["debug"]
	)
	return result[0][0] if result else 0
