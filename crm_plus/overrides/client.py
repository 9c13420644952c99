"""frappe.client.get_count with record-level permissions.

Frappe 15's frappe.client.get_count (GET /api/method/frappe.client.get_count) counts with
frappe.db.count, which ignores permissions: a rep could count another rep's customers. For DocTypes
with record-level rules the count goes through frappe.get_list, like the list view's own count;
every other DocType is counted by the framework as before.
"""

import frappe
from frappe import client

from crm_plus.permissions import has_record_rules


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	if not has_record_rules(doctype):
		return client.get_count(doctype, filters=filters, debug=debug, cache=cache)
	filters = client.get_safe_filters(filters)
	result = frappe.get_list(
		doctype, filters=filters, fields=["count(*) as count"], as_list=True, debug=debug
	)
	return result[0][0] if result else 0
