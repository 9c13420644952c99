"""Record-level permissions of crm_plus, in one place.

Every DocType with a scripted rule registers a ``permission_query_conditions`` (the SQL condition
list views, REST, reports and link search apply) and a ``has_permission`` (the check on one
document) in hooks.py, both from this package, so the two can never drift apart.
"""

import frappe

from crm_plus import compat
from crm_plus.utils import conditions as sql

# the rule of framework records about a guarded record (versions, comments ...: permissions/references.py)
REFERENCE_RULES = "crm_plus.permissions.references."


def has_record_rules(doctype: str) -> bool:
	"""Whether crm_plus restricts which records of `doctype` a user sees."""
	methods = frappe.get_hooks("permission_query_conditions").get(doctype, [])
	return any(m.startswith("crm_plus.") for m in methods)


def guarded_doctypes() -> list[str]:
	"""DocTypes whose records crm_plus restricts (their attachments and child rows are restricted with them)."""
	hooks = frappe.get_hooks("permission_query_conditions")
	return sorted(
		dt
		for dt, methods in hooks.items()
		if dt != "File"
		and not any(m.startswith(REFERENCE_RULES) for m in methods)  # they follow the guarded records
		and not frappe.get_meta(dt).istable
		and any(m.startswith("crm_plus.") for m in methods)
	)


def child_rows_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of a child table listed on their own (frappe.client.get_list(child, parent=...), report
	view): the framework checks only that the user may read the parent DocType at all, so each row is
	shown only when its parent record is one the user may read."""
	from crm_plus.permissions.roles import is_crm_admin

	user = user or frappe.session.user
	if is_crm_admin(user):
		return ""
	parents = guarded_parents(doctype)
	if not parents:
		return ""
	table = sql.table(doctype)
	parenttype, parent = sql.column(table, "parenttype"), sql.column(table, "parent")
	return sql.any_of(
		sql.not_in(parenttype, parents, null_matches=False),
		*(
			sql.all_of(sql.equals(parenttype, dt), sql.in_query(parent, permitted_names_sql(dt, user)))
			for dt in parents
		),
	)


def follows_guarded_records(
	doctype: str, dt_field: str, name_field: str, user: str, *also_visible: str
) -> str:
	"""Condition for records of `doctype` that point at another record through (`dt_field`,
	`name_field`): visible when they point at no guarded record, at one `user` may read, or when one of
	`also_visible` holds."""
	table = sql.table(doctype)
	dt_col, name_col = sql.column(table, dt_field), sql.column(table, name_field)
	guarded = guarded_doctypes()
	return sql.any_of(
		sql.not_in(dt_col, guarded),
		*also_visible,
		*(
			sql.all_of(sql.equals(dt_col, dt), sql.in_query(name_col, permitted_names_sql(dt, user)))
			for dt in guarded
		),
	)


def permitted_names_sql(doctype: str, user: str) -> str:
	"""SQL selecting the names of the `doctype` records `user` may read, built by the framework's own
	list query (so role, share and record rules all apply); a query selecting nothing when the user
	may read none."""
	try:
		return compat.list_sql(doctype, fields=["name"], user=user, order_by="")
	except frappe.PermissionError:
		frappe.clear_last_message()
		return f"select null from dual where {sql.NOTHING}"


def guarded_parents(doctype: str) -> list[str]:
	"""The guarded DocTypes that hold `doctype` as a child table."""
	return [
		parent
		for parent in guarded_doctypes()
		if any(df.options == doctype for df in frappe.get_meta(parent).get_table_fields())
	]


def is_guarded(doctype: str) -> bool:
	"""Whether crm_plus restricts `doctype`'s records: its own record rules, or a child table of a
	DocType that has them."""
	if not doctype or not frappe.db.exists("DocType", doctype):
		return False
	if has_record_rules(doctype):
		return True
	return bool(frappe.get_meta(doctype).istable and guarded_parents(doctype))


def restricted_fieldnames(doctype: str, user: str | None = None) -> set[str]:
	"""Fields of `doctype` (and, for a guarded DocType, of its child tables) above the levels `user` may
	read (e.g. cost and margin of price lines); a child table is judged by its guarded parents."""
	user = user or frappe.session.user
	if user == "Administrator" or not is_guarded(doctype):
		return set()
	meta = frappe.get_meta(doctype)
	owners = guarded_parents(doctype) if meta.istable else [doctype]
	hidden: set[str] = set()
	for owner in owners:
		owner_meta = frappe.get_meta(owner)
		readable = set(owner_meta.get_permlevel_access("read", user=user))
		metas = (
			[meta] if meta.istable else [meta, *(frappe.get_meta(t.options) for t in meta.get_table_fields())]
		)
		for m in metas:
			hidden |= {df.fieldname for df in m.fields if df.permlevel and df.permlevel not in readable}
	return hidden
