"""Set-based writes for jobs that touch many records at once (grading, churn scan).

- ``insert_rows``: whole batches in multi-row INSERTs (the standard columns filled in), optionally
  ``INSERT IGNORE`` so a unique key decides between two writers racing for the same row.
- ``update_rows``: per-row values written with one ``UPDATE ... JOIN (derived table)`` per batch,
  instead of one UPDATE (or doc.save) per record.

Both take DocType and column names from the calling code only (checked against the DocType's meta),
never from a client; values always travel as query parameters.
"""

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import frappe
from frappe.utils import now_datetime

BATCH = 2_000
STANDARD = ("creation", "modified", "modified_by", "owner", "docstatus", "idx")


def _check_columns(doctype: str, columns: Iterable[str]) -> None:
	meta = frappe.get_meta(doctype)
	known = {"name", *STANDARD, *(df.fieldname for df in meta.fields)}
	unknown = [c for c in columns if c not in known]
	if unknown:
		raise ValueError(f"{doctype} has no column {', '.join(unknown)}")


def insert_rows(
	doctype: str,
	fields: Sequence[str],
	rows: Iterable[Sequence[Any]],
	*,
	ignore_duplicates: bool = False,
	owner: str = "Administrator",
	timestamp: datetime | None = None,
	batch: int = BATCH,
) -> int:
	"""Insert `rows` (values for `fields`, which include `name`); returns how many rows were sent.

	Standard columns not in `fields` get: now, `owner`, docstatus 0, idx 0."""
	_check_columns(doctype, fields)
	ts = timestamp or now_datetime()
	defaults = {
		"creation": ts,
		"modified": ts,
		"modified_by": owner,
		"owner": owner,
		"docstatus": 0,
		"idx": 0,
	}
	extra = [c for c in STANDARD if c not in fields]
	tail = tuple(defaults[c] for c in extra)
	columns = [*fields, *extra]
	verb = "insert ignore" if ignore_duplicates else "insert"
	sql = (
		f"{verb} into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)})"
		f" values ({', '.join(['%s'] * len(columns))})"
	)
	sent = 0
	values = ((*row, *tail) for row in rows)
	# the driver's executemany sends one multi-row INSERT per batch and escapes every value itself
	while chunk := list(itertools.islice(values, batch)):
		frappe.db._cursor.executemany(sql, chunk)
		frappe.db.transaction_writes += 1
		sent += len(chunk)
	return sent


def update_rows(
	doctype: str,
	columns: Sequence[str],
	rows: Iterable[Sequence[Any]],
	*,
	batch: int = BATCH,
	where: str = "",
) -> int:
	"""Set `columns` of the records named in `rows` (each: name, then one value per column).

	One statement per batch: ``UPDATE tab t JOIN (SELECT %s AS name, %s AS c1 ... UNION ALL SELECT ...) v
	ON t.name = v.name SET t.c1 = v.c1 ...``. `where` is an extra SQL condition on `t` written by the
	caller (no values in it). Returns how many rows changed."""
	_check_columns(doctype, columns)
	first = "select " + ", ".join(["%s as `name`", *(f"%s as `{c}`" for c in columns)])
	other = "select " + ", ".join(["%s"] * (len(columns) + 1))
	assignments = ", ".join(f"t.`{c}` = v.`{c}`" for c in columns)
	changed = 0
	iterator = iter(rows)
	while chunk := list(itertools.islice(iterator, batch)):
		derived = " union all ".join([first] + [other] * (len(chunk) - 1))
		sql = (
			f"update `tab{doctype}` t join ({derived}) v on t.`name` = v.`name`"
			f" set {assignments}{f' where {where}' if where else ''}"
		)
		frappe.db.sql(sql, [value for row in chunk for value in row])
		changed += frappe.db._cursor.rowcount
	return changed
