"""Framework records about a guarded record follow that record (README, "Security", class 5).

Versions, comments, shares, tags, deleted documents, communications, assignments (ToDo), activity log
and workflow actions point at another document through a (DocType, name) pair of fields; Dynamic Link
rows do the same for contacts and addresses. Their own permissions know nothing about crm_plus's
record rules, so a user could list the comments or the versions of another rep's customer, or count
them. One rule for all of them: a record pointing at a record of a guarded DocType is visible only to
users who may read that record (``reference_query_conditions`` in lists and counts, ANDed to the
framework's own conditions; ``reference_has_permission`` for one record, which can only deny).

Notification Log is not here: the framework shows a notification only to the user it is addressed to.
"""

import frappe

from crm_plus.compat import NO_OBJECTION
from crm_plus.permissions import follows_guarded_records, guarded_doctypes
from crm_plus.permissions.registry import REFERENCE_FIELDS
from crm_plus.permissions.roles import is_crm_admin


def reference_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if doctype not in REFERENCE_FIELDS or user == "Administrator" or is_crm_admin(user):
		return ""
	dt_field, name_field = REFERENCE_FIELDS[doctype]
	return follows_guarded_records(doctype, dt_field, name_field, user)


def reference_has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""False when `doc` points at a guarded record `user` may not read; NO_OBJECTION (the framework
	decides) otherwise."""
	user = user or frappe.session.user
	if doc.doctype not in REFERENCE_FIELDS or user == "Administrator" or is_crm_admin(user):
		return NO_OBJECTION
	dt_field, name_field = REFERENCE_FIELDS[doc.doctype]
	ref_doctype, ref_name = doc.get(dt_field), doc.get(name_field)
	if not ref_doctype or not ref_name or ref_doctype not in guarded_doctypes():
		return NO_OBJECTION
	if not frappe.db.exists(ref_doctype, ref_name):
		return False  # a deleted guarded record: administrators only
	return NO_OBJECTION if frappe.has_permission(ref_doctype, "read", doc=ref_name, user=user) else False
