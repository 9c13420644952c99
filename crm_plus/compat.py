"""The framework internals crm_plus relies on, in one place (README, "How it is built").

Frappe has no public API for these; each is used here only, and crm_plus/tests/test_compat.py fails
when the framework changes what they rely on:

- ``rowcount()``: rows the last statement matched or wrote (compare-and-set moves, bulk writes);
- ``sql_literal()``: the database driver's own escaping of one value, as text (multi-row INSERTs of
  thousands of rows, where per-row query parameters cost most of the time);
- ``execute_write()`` / ``executemany()``: a statement sent straight to the driver's cursor, counted as
  a write of the transaction as ``frappe.db.sql`` counts it.
"""

from collections.abc import Sequence
from typing import Any

import frappe


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
