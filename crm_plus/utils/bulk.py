"""The set-based writer: every write of many records at once (grading, churn scan, allocation, imports,
price-file lines, demo data) goes through here.

- ``insert_rows``: whole batches in multi-row INSERTs (the standard columns filled in), optionally
  ``INSERT IGNORE`` so a unique key decides between two writers racing for the same row.
- ``update_rows``: per-row values written with one ``UPDATE ... JOIN (derived table)`` per batch,
  instead of one UPDATE (or doc.save) per record.

Both take DocType and column names from the calling code only (checked against the DocType's meta),
never from a client; every value is escaped by the database driver (as a query parameter, or with the
driver's own ``literal()`` where one statement carries thousands of rows).
"""

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import frappe
from frappe.utils import now_datetime

from crm_plus.compat import execute_write, rowcount, sql_literal

BATCH = 2_000
UPDATE_BATCH = 5_000
STANDARD = ("creation", "modified", "modified_by", "owner", "docstatus", "idx")
NO_VALUE_TYPES = ("Section Break", "Column Break", "Tab Break", "HTML", "Button", "Fold", "Heading")
NUMBER_TYPES = ("Int", "Float", "Currency", "Percent", "Check", "Rating", "Duration")


def _check_columns(doctype: str, columns: Iterable[str]) -> None:
	meta = frappe.get_meta(doctype)
	known = {"name", *STANDARD, *(df.fieldname for df in meta.fields)}
	if meta.istable:
		known |= {"parent", "parenttype", "parentfield"}
	unknown = [c for c in columns if c not in known]
	if unknown:
		raise ValueError(f"{doctype} has no column {', '.join(unknown)}")


def insert_rows(
	doctype: str,
	fields: Sequence[str],
	rows: Iterable[Sequence[Any]],
	*,
	constants: dict[str, Any] | None = None,
	ignore_duplicates: bool = False,
	owner: str = "Administrator",
	timestamp: datetime | None = None,
	batch: int = BATCH,
) -> int:
	"""Insert `rows` (values for `fields`, which include `name`); returns how many rows were inserted
	(with `ignore_duplicates`, rows a unique key refused are not counted).

	`constants` are columns with the same value in every row (written into the statement once, not
	escaped per row: that is most of the cost of a big insert). Standard columns not given get: now,
	`owner`, docstatus 0, idx 0."""
	ts = timestamp or now_datetime()
	defaults = {
		"creation": ts,
		"modified": ts,
		"modified_by": owner,
		"owner": owner,
		"docstatus": 0,
		"idx": 0,
	}
	constants = {**{c: v for c, v in defaults.items() if c not in fields}, **(constants or {})}
	_check_columns(doctype, [*fields, *constants])
	literal = sql_literal  # the driver's own escaping, as for query parameters
	tail = "".join(f", {literal(v)}" for v in constants.values())
	columns = ", ".join(f"`{c}`" for c in [*fields, *constants])
	verb = "insert ignore" if ignore_duplicates else "insert"
	inserted = 0
	iterator = iter(rows)
	while chunk := list(itertools.islice(iterator, batch)):
		values = ", ".join("(" + ", ".join(map(literal, row)) + tail + ")" for row in chunk)
		# every value above went through the driver's literal(); names come from the DocType's meta
		inserted += execute_write(f"{verb} into `tab{doctype}` ({columns}) values {values}")  # nosemgrep
	return inserted


def update_rows(
	doctype: str,
	columns: Sequence[str],
	rows: Iterable[Sequence[Any]],
	*,
	batch: int = UPDATE_BATCH,
	where: str = "",
) -> int:
	"""Set `columns` of the records named in `rows` (each: name, then one value per column).

	One statement per batch: ``UPDATE tab t JOIN (SELECT %s AS name, %s AS c1 ... UNION ALL VALUES
	(%s, %s ...), ...) v ON t.name = v.name SET t.c1 = v.c1 ...`` (MariaDB 10.3+). `where` is an extra
	SQL condition on `t` written by the caller (no values in it). Returns how many rows matched."""
	_check_columns(doctype, columns)
	first = "select " + ", ".join(["%s as `name`", *(f"%s as `{c}`" for c in columns)])
	row = "(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"
	assignments = ", ".join(f"t.`{c}` = v.`{c}`" for c in columns)
	changed = 0
	iterator = iter(rows)
	while chunk := list(itertools.islice(iterator, batch)):
		derived = first + (
			" union all values " + ", ".join([row] * (len(chunk) - 1)) if len(chunk) > 1 else ""
		)
		sql = (
			f"update `tab{doctype}` t join ({derived}) v on t.`name` = v.`name`"
			f" set {assignments}{f' where {where}' if where else ''}"
		)
		frappe.db.sql(sql, [value for row in chunk for value in row])
		changed += rowcount()
	return changed


def column_defaults(doctype: str) -> dict:
	"""Every stored column of `doctype` with the value an empty new document would get."""
	meta = frappe.get_meta(doctype)
	defaults = {}
	for df in meta.fields:
		if df.fieldtype in NO_VALUE_TYPES or df.fieldtype in frappe.model.table_fields:
			continue
		if df.default and df.fieldtype in ("Select", "Check", "Int", "Data"):
			defaults[df.fieldname] = df.default if df.fieldtype in ("Select", "Data") else int(df.default)
		elif df.fieldtype in NUMBER_TYPES:
			defaults[df.fieldname] = 0
		else:
			defaults[df.fieldname] = None
	return defaults
