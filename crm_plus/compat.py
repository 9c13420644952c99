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
- ``DESK``: the desk's base path: ``/app`` on Frappe 15, ``/desk`` on Frappe 16 (which redirects
  ``/app/...`` there, so stored links to ``/app/...`` keep working on both).
"""

from collections.abc import Sequence
from typing import Any

import frappe

FRAPPE_MAJOR = int(frappe.__version__.split(".")[0])
NO_OBJECTION: bool | None = True if FRAPPE_MAJOR >= 16 else None
DESK = "/desk" if FRAPPE_MAJOR >= 16 else "/app"


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
