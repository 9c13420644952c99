"""Attachments (File) of records crm_plus restricts are listed only to users who may see the record.

The framework already refuses to open such a private file; its File list, though, shows every file
attached to a DocType the user can read at all. This condition is ANDed to the framework's own.
"""

import frappe

from crm_plus.permissions import follows_guarded_records
from crm_plus.permissions.roles import is_crm_admin
from crm_plus.utils import conditions as sql


def file_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	return follows_guarded_records(
		"File",
		"attached_to_doctype",
		"attached_to_name",
		user,
		sql.equals(sql.column(sql.table("File"), "owner"), user),
	)
