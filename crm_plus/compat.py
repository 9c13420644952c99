"""The framework internals crm_plus relies on, in one place (README, "How it is built").

Frappe has no public API for these; each is used here only, and crm_plus/tests/test_compat.py fails
when the framework changes what they rely on:

- ``rowcount()``: rows the last statement matched or wrote (compare-and-set moves, bulk writes);
- ``sql_literal()``: the database driver's own escaping of one value, as text (multi-row INSERTs of
  thousands of rows, where per-row query parameters cost most of the time);
- ``execute_write()`` / ``executemany()``: a statement sent straight to the driver's cursor, counted as
  a write of the transaction as ``frappe.db.sql`` counts it.

It also holds the few differences between Frappe 15 and Frappe 16 (README, "Frappe v16") that no code
can avoid; the domain code is the same on both and uses these names:

- ``NO_OBJECTION``: what a ``has_permission`` hook returns when crm_plus has no rule for the document.
  Frappe 15 stops at the first hook that answers anything but None (so True would overrule the other
  apps' hooks); Frappe 16 asks every hook and denies on any falsy answer (so None would deny).
- ``count_field()``: a count as a field of ``frappe.get_list`` (which keeps the user's permissions).
  Frappe 15 takes SQL text (``count(*) as count``); Frappe 16 refuses SQL functions in field text and
  takes query-builder terms instead.
- ``aggregate_field()``: a sum, max, min or average of one field as a field of ``frappe.get_list``:
  SQL text on Frappe 15; on Frappe 16, which refuses SQL functions in field text, the query builder's
  function dict (``{"SUM": "field", "as": alias}``), whose field the framework checks against the user's
  permission level.
- ``list_sql()``: the SQL of a ``frappe.get_list`` query (the user's permissions applied) as text with
  its values in it, to run or to embed in other SQL. Frappe 15's ``run=0`` gives that; Frappe 16's prints
  the query builder's query with its values as the builder quotes them (quotes doubled, backslashes
  not escaped), text meant to be run with parameters (so a ``%`` in it is a formatting character).
- ``QB_LIST_QUERIES``: whether ``frappe.get_list`` builds its query with the query builder
  (``frappe.model.qb_query`` through ``frappe.database.query.Engine.get_query``, Frappe 16) rather than
  ``frappe.model.db_query.DatabaseQuery`` (Frappe 15; the report view still uses it on 16). crm_plus's
  field-level guard (``crm_plus/overrides/db_query.py``) patches whichever builds the query.
- ``DESK``: the desk's base path: ``/app`` on Frappe 15, ``/desk`` on Frappe 16 (which redirects
  ``/app/...`` there, so stored links to ``/app/...`` keep working on both).
"""

from collections.abc import Sequence
from typing import Any

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])
NO_OBJECTION: bool | None = True if FRAPPE_MAJOR >= 16 else None
DESK = "/desk" if FRAPPE_MAJOR >= 16 else "/app"
QB_LIST_QUERIES = FRAPPE_MAJOR >= 16

AGGREGATES = ("sum", "max", "min", "avg")


def count_field(doctype: str, alias: str = "count", distinct_names: bool = False) -> Any:
	"""A ``frappe.get_list`` field counting the rows (``count(*)``), or with `distinct_names` the distinct
	records of `doctype` (a filter on a child table joins one row per child)."""
	if FRAPPE_MAJOR < 16:
		counted = f"distinct `tab{doctype}`.`name`" if distinct_names else "*"
		return f"count({counted}) as {alias}"
	from frappe.query_builder.functions import Count

	if distinct_names:
		return Count(frappe.qb.DocType(doctype).name).distinct().as_(alias)
	return Count("*").as_(alias)


def aggregate_field(function: str, fieldname: str, alias: str) -> Any:
	"""A ``frappe.get_list`` field: `function` (sum, max, min, avg) of `fieldname` of the listed DocType,
	named `alias`."""
	if function not in AGGREGATES:
		raise ValueError(f"{function} is not one of {AGGREGATES}")
	if not fieldname.isidentifier() or not alias.isidentifier():
		raise ValueError(f"{fieldname!r} / {alias!r}: a field name and an alias only")
	if FRAPPE_MAJOR < 16:
		return f"{function}({fieldname}) as {alias}"
	return {function.upper(): fieldname, "as": alias}


LIST_SQL_ARGUMENTS = {
	"fields", "filters", "or_filters", "order_by", "group_by", "limit_page_length", "limit_start", "user",
	"parent_doctype", "ignore_permissions",
}  # fmt: skip


def list_sql(doctype: str, **kwargs: Any) -> str:
	"""The SQL of ``frappe.get_list(doctype, **kwargs)`` (the user's permissions applied), as text with its
	values in it (each escaped by the driver), as Frappe 15's ``frappe.get_list(..., run=0)`` gives it: to
	run with ``frappe.db.sql`` without values, or to embed in other SQL (double its ``%`` where that SQL
	runs with values). Takes the arguments in ``LIST_SQL_ARGUMENTS``."""
	if unknown := set(kwargs) - LIST_SQL_ARGUMENTS:
		raise TypeError(f"list_sql() does not take {sorted(unknown)}")
	if not QB_LIST_QUERIES:
		return frappe.get_list(doctype, run=0, **kwargs)
	from frappe.database.utils import DefaultOrderBy

	# what frappe.model.qb_query.DatabaseQuery.execute hands the query builder; its run=0 prints that
	# query with the values inline, quotes doubled but backslashes not escaped
	query = frappe.qb.get_query(
		table=doctype,
		fields=kwargs.get("fields") or ["name"],
		filters=kwargs.get("filters"),
		or_filters=kwargs.get("or_filters"),
		group_by=kwargs.get("group_by"),
		order_by=kwargs.get("order_by", DefaultOrderBy),
		limit=frappe.cint(kwargs.get("limit_page_length")),
		offset=frappe.cint(kwargs.get("limit_start")),
		ignore_permissions=bool(kwargs.get("ignore_permissions")),
		user=kwargs.get("user"),
		parent_doctype=kwargs.get("parent_doctype"),
		db_query_compat=True,
	)
	sql, params = query.walk()
	# the framework runs the query builder's text with its parameters: `%` in it is doubled even when
	# there are none
	return frappe.db.mogrify(sql, params) if params else sql % {}


def rowcount() -> int:
	"""Rows matched (UPDATE) or written (INSERT) by the last statement on this connection."""
	return frappe.db._cursor.rowcount


def sql_literal(value: Any) -> str:
	"""`value` escaped and quoted by the driver, as it escapes query parameters."""
	literal = frappe.db._conn.literal(value)
	return literal.decode() if isinstance(literal, bytes) else literal


def execute_write(sql: str) -> int:
	"""Run one write statement whose values were all escaped with sql_literal(); returns rowcount()."""
	frappe.db._cursor.execute(sql)
	frappe.db.transaction_writes += 1
	return rowcount()


def executemany(sql: str, rows: Sequence[Sequence[Any]]) -> None:
	"""One parameterised statement for many rows; the driver sends multi-row INSERTs (~1 MB each)."""
	frappe.db._cursor.executemany(sql, rows)
	frappe.db.transaction_writes += 1
