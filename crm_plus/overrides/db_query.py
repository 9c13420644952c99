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

On Frappe 16 ``frappe.get_list`` builds its query with the query builder (``frappe.model.qb_query``
through ``frappe.database.query.Engine.get_query``; ``compat.QB_LIST_QUERIES``); the report view still
uses DatabaseQuery. Frappe 16 checks a field's permission level in filters, order by, group by and
function arguments itself, but not for a child table listed with its parent (``parent_doctype``; the
check asks the child's own permissions, which it has none of) nor for a field named as
`` `tabDocType`.`field` ``: a rep could order or filter price lines by cost. So ``Engine.get_query`` is
patched too, with the same rules: for a query that applies permissions, a field above the user's level
named in an expression (text, or the query builder's function dicts) of the fields, in group by or order
by, or in a filter (nested filters and or_filters too) is refused before the framework builds the query;
a field named on its own is still removed silently by the framework, and blanked in place (NULL) in
``as_list`` answers as on Frappe 15 (Frappe 16 drops it, so the columns after it shift).

``install()`` patches the classes once per process: from hooks (before_request, before_job) and when
this module is imported by crm_plus's permission rules.
"""

import contextvars
import functools
import inspect
import re

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery
from frappe.utils import get_filter

from crm_plus import compat

_PATCHED = "_crm_plus_fieldlevel_patch"
# the framework's methods, as they were before the patch (pinned by crm_plus/tests/test_overrides.py)
ORIGINALS = {
	"apply_fieldlevel_read_permissions": DatabaseQuery.apply_fieldlevel_read_permissions,
	"prepare_filter_condition": DatabaseQuery.prepare_filter_condition,
	"remove_field": DatabaseQuery.remove_field,
}
if compat.QB_LIST_QUERIES:
	from frappe.database.query import Engine
	from frappe.model import qb_query

	ORIGINALS["Engine.get_query"] = Engine.get_query
	ORIGINALS["Engine.apply_field_permissions"] = Engine.apply_field_permissions
	ORIGINALS["qb_query.DatabaseQuery.execute"] = qb_query.DatabaseQuery.execute

# Frappe 16: whether the list query being built answers lists (as_list), whose refused columns are
# blanked (NULL) in place as Frappe 15 blanks them, not dropped (which shifts the columns after them)
_AS_LIST: contextvars.ContextVar[bool] = contextvars.ContextVar("crm_plus_list_as_list", default=False)


def install() -> None:
	install_database_query()
	if compat.QB_LIST_QUERIES:
		install_query_builder()


def install_database_query() -> None:
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


def install_query_builder() -> None:
	"""Frappe 16: the same guard on the query builder's Engine.get_query (frappe.get_list's query)."""
	if getattr(Engine, _PATCHED, False):
		return
	original = ORIGINALS["Engine.get_query"]
	original_fields = ORIGINALS["Engine.apply_field_permissions"]
	original_execute = ORIGINALS["qb_query.DatabaseQuery.execute"]
	signature = inspect.signature(original)
	execute_signature = inspect.signature(original_execute)

	@functools.wraps(original)
	def get_query(self, *args, **kwargs):
		bound = signature.bind(self, *args, **kwargs)
		bound.apply_defaults()
		query = bound.arguments
		self._crm_plus_blank_refused = _AS_LIST.get() and not query["ignore_permissions"]
		token = _AS_LIST.set(False)  # a query built while this one is (a permission rule's) is its own
		try:
			if not query["ignore_permissions"] and isinstance(query["table"], str):
				refuse_restricted_query(
					frappe._dict(
						doctype=query["table"],
						user=query["user"],
						parent_doctype=query["parent_doctype"],
						flags=frappe._dict(ignore_permissions=False),
					),
					fields=query["fields"],
					filters=[query["filters"], query["or_filters"]],
					group_by=query["group_by"],
					order_by=query["order_by"],
				)
			return original(self, *args, **kwargs)
		finally:
			_AS_LIST.reset(token)

	@functools.wraps(original_fields)
	def apply_field_permissions(self):
		from frappe.database.query import DynamicTableField
		from pypika.terms import Field, NullValue

		allowed = original_fields(self)
		if not getattr(self, "_crm_plus_blank_refused", False):
			return allowed
		if any(isinstance(f, Field) and f.name == "*" for f in self.fields):
			return allowed  # expanded to the permitted fields: nothing to keep a place for
		kept = {id(f) for f in allowed}
		return [
			f if id(f) in kept else NullValue()
			for f in self.fields
			if id(f) in kept or isinstance(f, Field | DynamicTableField)
		]

	@functools.wraps(original_execute)
	def execute(self, *args, **kwargs):
		try:
			as_list = bool(execute_signature.bind(self, *args, **kwargs).arguments.get("as_list"))
		except TypeError:
			as_list = False  # the framework's own call raises it
		token = _AS_LIST.set(as_list)
		try:
			return original_execute(self, *args, **kwargs)
		finally:
			_AS_LIST.reset(token)

	Engine.get_query = get_query
	Engine.apply_field_permissions = apply_field_permissions
	qb_query.DatabaseQuery.execute = execute
	setattr(Engine, _PATCHED, True)


# fields split as the query builder splits them: on commas outside parentheses
FIELD_SEPARATOR = re.compile(r",\s*(?![^()]*\))")


def refuse_restricted_query(query, fields, filters, group_by, order_by) -> None:
	"""The query builder's arguments (Frappe 16), judged as DatabaseQuery's are on 15."""
	from frappe.database.utils import DefaultOrderBy

	expressions = [*_field_expressions(fields), group_by, None if order_by == DefaultOrderBy else order_by]
	refuse_in_expressions(query, [e for e in expressions if isinstance(e, str)])
	for top in filters:  # filters, or_filters
		for leaf in _filter_leaves(top):
			refuse_restricted_leaf(query, leaf)


def _field_expressions(fields):
	"""The expressions among the fields (a field named on its own is the framework's to drop)."""
	from pypika.terms import Field, Term

	items = FIELD_SEPARATOR.split(fields) if isinstance(fields, str) else fields
	if isinstance(items, Term):
		items = [items]
	for item in items or []:
		if isinstance(item, str):
			yield from (f for f in FIELD_SEPARATOR.split(item) if is_expression(f))
		elif isinstance(item, dict):  # {"SUM": "field", "as": "s"}; {child_table: [fields]} is a child query
			for key, value in item.items():
				if key.isupper():
					yield " ".join(_strings(value))
		elif isinstance(item, Term) and not isinstance(item, Field):
			yield _term_sql(item)


def _strings(value):
	if isinstance(value, str):
		yield value
	elif isinstance(value, dict):
		for key, inner in value.items():
			if key.lower() != "as":
				yield key
				yield from _strings(inner)
	elif isinstance(value, list | tuple):
		for inner in value:
			yield from _strings(inner)


def _term_sql(term) -> str:
	# identifiers in backticks: refuse_in_expressions drops quoted string literals before it reads names
	return term.get_sql(quote_char="`", secondary_quote_char="'", with_alias=False)


def _filter_leaves(filters, top: bool = True):
	"""Each single condition of the query builder's filters: dicts, lists of conditions, nested
	``[cond, "or", cond]`` groups; a list of plain values at the top is a list of names."""
	from pypika.terms import Term

	if isinstance(filters, Term):
		yield filters
	elif isinstance(filters, dict):
		for key, value in filters.items():
			yield [key, value]
	elif isinstance(filters, list | tuple) and filters:
		if not isinstance(filters[0], list | tuple | dict | Term) and not top:
			yield list(filters)  # [field, op, value], [doctype, field, op, value], [field, value]
			return
		if all(not isinstance(f, list | tuple | dict | Term) for f in filters):
			return  # names
		for item in filters:
			if not isinstance(item, str):  # "and" / "or" between conditions
				yield from _filter_leaves(item, top=False)


def refuse_restricted_leaf(query, leaf) -> None:
	from pypika.terms import Term

	if isinstance(leaf, Term):
		refuse_in_expressions(query, [_term_sql(leaf)])
		return
	doctype, fieldname = (leaf[0], leaf[1]) if len(leaf) == 4 else (query.doctype, leaf[0])
	if isinstance(fieldname, Term):
		refuse_in_expressions(query, [_term_sql(fieldname)])
		return
	if not isinstance(fieldname, str):
		return
	if is_expression(fieldname) or "." in fieldname:  # link_field.field, child_table.field, tabX.field
		if match := PLAIN_FIELD.match(fieldname):
			table = (match.group(1) or "").strip().rstrip(".").strip().strip("`")
			if table.startswith("tab"):
				doctype, fieldname = table[3:], fieldname.rsplit(".", 1)[-1].strip().strip("`")
		if is_expression(fieldname) or "." in fieldname:
			refuse_in_expressions(query, [fieldname])
			return
	refuse_restricted_filter(query, [doctype or query.doctype, fieldname, "=", None])


install()
