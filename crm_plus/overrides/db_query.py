"""Field-level read permissions in lists (frappe.get_list, /api/resource, report view) made watertight.

Frappe 15 removes the fields a user may not read (permission level above theirs, e.g. the cost and
margin of price lines) from a list query, with two gaps:

1. DatabaseQuery.apply_fieldlevel_read_permissions pops a refused field from the list it is iterating
   over, so the field right after it is never checked: ``fields=["cost_price", "cost_price"]``, or cost
   and margin side by side, return the second one. The patched method repeats the framework's own
   pass until it removes nothing more.
2. Filters on such fields are not checked at all, so a user could find a value by bisecting
   ``[["CP Price File Item", "cost_price", ">", x]]``. For DocTypes with crm_plus record rules, a filter
   on a field above the user's permission level is refused.
3. A refused field inside an expression passes: ``sum(cost_price * 1)`` is skipped because of the ``*``,
   group by and order by are never looked at, and number cards and dashboard charts build such
   expressions from a definition the client sends. For DocTypes with crm_plus record rules (and their
   child tables), a field above the user's permission level named anywhere in an expression of
   ``fields``, ``group_by``, ``order_by`` or a filter's field is refused; a field named on its own is
   still removed silently, as the framework does.

``install()`` patches the class once per process: from hooks (before_request, before_job) and when
this module is imported by crm_plus's permission rules.
"""

import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery
from frappe.utils import get_filter

_PATCHED = "_crm_plus_fieldlevel_patch"
# the framework's methods, as they were before the patch (pinned by crm_plus/tests/test_overrides.py)
ORIGINALS = {
	"apply_fieldlevel_read_permissions": DatabaseQuery.apply_fieldlevel_read_permissions,
	"prepare_filter_condition": DatabaseQuery.prepare_filter_condition,
	"remove_field": DatabaseQuery.remove_field,
}


def install() -> None:
	if getattr(DatabaseQuery, _PATCHED, False):
		return
	original_apply = ORIGINALS["apply_fieldlevel_read_permissions"]
	original_filter = ORIGINALS["prepare_filter_condition"]

	def apply_fieldlevel_read_permissions(self):
		if not self.flags.ignore_permissions:
			refuse_restricted_expressions(self)
		if self.as_list:  # refused fields are blanked in place there: nothing is skipped
			return original_apply(self)
		while True:
			before = list(self.fields)
			original_apply(self)
			if self.fields == before:
				return

	def prepare_filter_condition(self, f):
		if not self.flags.ignore_permissions:
			refuse_restricted_filter(self, f)
		return original_filter(self, f)

	DatabaseQuery.apply_fieldlevel_read_permissions = apply_fieldlevel_read_permissions
	DatabaseQuery.prepare_filter_condition = prepare_filter_condition
	setattr(DatabaseQuery, _PATCHED, True)


def refuse_restricted_filter(query: DatabaseQuery, f) -> None:
	from crm_plus.permissions import has_record_rules

	if (query.user or frappe.session.user) == "Administrator" or not has_record_rules(query.doctype):
		return
	parsed = get_filter(query.doctype, f)
	if is_expression(parsed.fieldname):
		refuse_in_expressions(query, [parsed.fieldname])
	df = frappe.get_meta(parsed.doctype).get_field(parsed.fieldname)
	if not df or not df.permlevel:
		return
	# a child table's fields are judged by its parent's permissions
	owner_doctype = (
		query.parent_doctype or query.doctype if parsed.doctype == query.doctype else query.doctype
	)
	readable = frappe.get_meta(owner_doctype).get_permlevel_access("read", user=query.user)
	if df.permlevel not in readable:
		frappe.throw(
			_("You may not filter on {0}.").format(_(df.label)),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
PLAIN_FIELD = re.compile(r"^\s*(`?tab[^`.]+`?\s*\.\s*)?`?[A-Za-z_][A-Za-z0-9_]*`?\s*$")


def is_expression(text) -> bool:
	return isinstance(text, str) and not PLAIN_FIELD.match(text)


def refuse_restricted_expressions(query: DatabaseQuery) -> None:
	fields = [f for f in query.fields or [] if is_expression(f)]
	refuse_in_expressions(query, [*fields, query.group_by, query.order_by])


def refuse_in_expressions(query: DatabaseQuery, expressions) -> None:
	"""Refuse a list query whose expressions name a field above the user's permission level."""
	from crm_plus.permissions import restricted_fieldnames

	user = query.user or frappe.session.user
	if user == "Administrator":
		return
	texts = [e for e in expressions if isinstance(e, str) and e.strip()]
	if not texts:
		return
	restricted = restricted_fieldnames(query.doctype, user)
	if query.parent_doctype:
		restricted |= restricted_fieldnames(query.parent_doctype, user)
	if not restricted:
		return
	for text in texts:
		named = set(IDENTIFIER.findall(re.sub(r"'[^']*'|\"[^\"]*\"", "", text)))
		if found := named & restricted:
			frappe.throw(
				_("You may not use {0} in a list query.").format(", ".join(sorted(found))),
				frappe.PermissionError,
				title=_("Not Permitted"),
			)


install()
