"""The customer centre's counts of linked records, with record-level permissions.

Frappe 15's get_open_count (the numbers on a form's connections, e.g. "Price File 3" on a customer)
counts with frappe.get_all, whoever may see the records: a sales manager looking at a rep's customer
would learn how many confidential price files it has. For DocTypes with record-level rules the counts
are made again with frappe.get_list; all other counts are the framework's.
"""

import frappe
from frappe.desk import notifications

from crm_plus.overrides import Call, extends
from crm_plus.permissions import has_record_rules


@extends(notifications.get_open_count, reads=("doctype", "name"))
def get_open_count(call: Call):
	doctype, name = call["doctype"], call["name"]
	out = call.original()
	if not out.get("count"):
		return out
	links = frappe.get_meta(doctype).get_dashboard_data()
	for found in out["count"].get("external_links_found") or []:
		if not has_record_rules(found["doctype"]):
			continue
		fieldname = links.get("non_standard_fieldnames", {}).get(found["doctype"], links.get("fieldname"))
		filters = {fieldname: name}
		found["count"] = _count(found["doctype"], filters)
		if open_filters := notifications.get_filters_for(found["doctype"]):
			found["open_count"] = _count(found["doctype"], {**filters, **open_filters})
	return out


def _count(doctype: str, filters: dict) -> int:
	return len(frappe.get_list(doctype, fields="name", filters=filters, limit=100, distinct=True))
