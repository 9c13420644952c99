"""The list sidebar's group-by counts, with record-level permissions on the "Assigned To" group too.

Frappe 15 counts "Assigned To" from ToDo over every record of the DocType, whoever may see them, so a
rep could learn how many customers are assigned to whom. For DocTypes with record-level rules this
counts only the records the user may see (the framework's own permitted query is the subquery);
every other group-by goes to the framework unchanged.
"""

import frappe
from frappe.desk import listview

from crm_plus import compat
from crm_plus.overrides import Call, extends
from crm_plus.permissions import has_record_rules


@extends(listview.get_group_by_count, reads=("doctype", "current_filters", "field"))
def get_group_by_count(call: Call) -> list[dict]:
	doctype = call["doctype"]
	if call["field"] != "assigned_to" or not has_record_rules(doctype):
		return call.original()

	filters = frappe.parse_json(call["current_filters"])
	# SQL of the records the user may see, built (and escaped) by the framework's list query; run here
	# with a parameter, so a `%` in its values (a "like" filter) is doubled
	permitted = compat.list_sql(doctype, filters=filters, fields=["name"]).replace("%", "%%")
	return frappe.db.sql(
		f"""
		select todo.allocated_to as name, count(*) as count
		from `tabToDo` todo join `tabUser` user on user.name = todo.allocated_to
		where todo.status != 'Cancelled' and user.user_type = 'System User'
			and todo.reference_type = %(doctype)s and todo.reference_name in ({permitted})
		group by todo.allocated_to order by count desc limit 50""",  # nosemgrep
		{"doctype": doctype},
		as_dict=True,
	)
