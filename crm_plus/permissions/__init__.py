"""Record-level permissions of crm_plus, in one place.

Every DocType with a scripted rule registers a ``permission_query_conditions`` (the SQL condition
list views, REST, reports and link search apply) and a ``has_permission`` (the check on one
document) in hooks.py, both from this package, so the two can never drift apart.
"""

import frappe


def has_record_rules(doctype: str) -> bool:
	"""Whether crm_plus restricts which records of `doctype` a user sees."""
	methods = frappe.get_hooks("permission_query_conditions").get(doctype, [])
	return any(m.startswith("crm_plus.") for m in methods)


def guarded_doctypes() -> list[str]:
	"""DocTypes whose records crm_plus restricts (their attachments are restricted with them)."""
	hooks = frappe.get_hooks("permission_query_conditions")
	return sorted(
		dt
		for dt, methods in hooks.items()
		if dt != "File" and any(m.startswith("crm_plus.") for m in methods)
	)


def permitted_names_sql(doctype: str, user: str) -> str:
	"""SQL selecting the names of the `doctype` records `user` may read, built by the framework's own
	DatabaseQuery (so role, share and record rules all apply); a query selecting nothing when the user
	may read none."""
	try:
		return frappe.get_list(doctype, fields=["name"], user=user, order_by="", run=0)
	except frappe.PermissionError:
		frappe.clear_last_message()
		return "select null from dual where 1=0"
