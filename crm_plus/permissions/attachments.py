"""Attachments (File) of records crm_plus restricts are listed only to users who may see the record.

The framework already refuses to open such a private file; its File list, though, shows every file
attached to a DocType the user can read at all. This condition is ANDed to the framework's own.
"""

import frappe

from crm_plus.permissions import guarded_doctypes, permitted_names_sql
from crm_plus.permissions.roles import is_crm_admin


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	guarded = guarded_doctypes()
	escaped = ", ".join(frappe.db.escape(dt) for dt in guarded)
	allowed = [
		f"(`tabFile`.`attached_to_doctype` = {frappe.db.escape(dt)}"
		f" and `tabFile`.`attached_to_name` in ({permitted_names_sql(dt, user)}))"
		for dt in guarded
	]
	return (
		f"(`tabFile`.`attached_to_doctype` is null or `tabFile`.`attached_to_doctype` not in ({escaped})"
		f" or `tabFile`.`owner` = {frappe.db.escape(user)} or {' or '.join(allowed)})"
	)
