"""The owner-change log (CP Owner Change Log): one row per actual change of a customer's owner.

Rows are written only here, in bulk, by the code that changes the owner; no role may create, edit or
delete them. Who may read a row is decided by its customer (crm_plus.permissions.customer)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import frappe

from crm_plus.allocation import LOG, MANUAL_EDIT

FIELDS = (
	"name",
	"customer",
	"customer_name",
	"operation",
	"reason",
	"from_owner",
	"from_owner_name",
	"to_owner",
	"to_owner_name",
	"changed_by",
	"changed_on",
	"batch_id",
)


@dataclass(frozen=True)
class Change:
	customer: str
	customer_name: str | None
	from_owner: str | None
	to_owner: str | None


def new_batch_id() -> str:
	return f"MV-{frappe.utils.now_datetime():%Y%m%d-%H%M%S}-{frappe.generate_hash(length=6)}"


def full_names(users: Iterable[str | None]) -> dict[str, str]:
	users = sorted({u for u in users if u})
	if not users:
		return {}
	return dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=True)
	)


def write_log(
	changes: list[Change],
	*,
	operation: str,
	changed_by: str,
	changed_on: datetime,
	batch_id: str,
	reason: str | None = None,
	first_number: int = 1,
) -> int:
	"""One log row per change, in one multi-row INSERT. Rows are named after their batch and numbered
	from `first_number` (a move that writes several inserts continues the numbering)."""
	names = full_names([c.from_owner for c in changes] + [c.to_owner for c in changes])
	rows = (
		(
			f"{batch_id}-{number:05d}",
			c.customer,
			c.customer_name,
			operation,
			reason or None,
			c.from_owner or None,
			names.get(c.from_owner) if c.from_owner else None,
			c.to_owner or None,
			names.get(c.to_owner) if c.to_owner else None,
			changed_by,
			changed_on,
			batch_id,
		)
		for number, c in enumerate(changes, first_number)
	)
	return insert_many(LOG, FIELDS, rows, owner=changed_by, timestamp=changed_on)


STANDARD = ("creation", "modified", "modified_by", "owner", "docstatus", "idx")


def insert_many(
	doctype: str,
	fields: tuple[str, ...],
	rows: Iterable[tuple],
	*,
	owner: str,
	timestamp: datetime,
	chunk_size: int = 1000,
) -> int:
	"""Insert `rows` (values for `fields`) with multi-row INSERTs; returns how many were written.

	One parameterised statement per chunk, built here rather than with frappe.qb: pypika renders each
	of the ~17,000 values of a 1,000-row insert as a term object, which costs several times what the
	database needs to store them. Only the values are parameters; the table and column names are
	this module's constants."""
	columns = (*fields, *STANDARD)
	tail = (timestamp, timestamp, owner, owner, 0, 0)
	row_sql = "(" + ", ".join(["%s"] * len(columns)) + ")"
	head = f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)}) values "
	count = 0
	chunk: list = []

	def flush():
		frappe.db.sql(head + ", ".join([row_sql] * len(chunk)), [v for row in chunk for v in row])

	for row in rows:
		chunk.append((*row, *tail))
		count += 1
		if len(chunk) == chunk_size:
			flush()
			chunk = []
	if chunk:
		flush()
	return count


def log_manual_change(doc) -> str:
	"""on_update of CP Customer: the owner was changed on the form (or through the document API).

	Returns the batch id of the row written."""
	before = doc.get_doc_before_save()
	batch_id = new_batch_id()
	write_log(
		[Change(doc.name, doc.customer_name, before.sales_owner or None, doc.sales_owner or None)],
		operation=MANUAL_EDIT,
		changed_by=frappe.session.user,
		changed_on=frappe.utils.now_datetime(),
		batch_id=batch_id,
		reason=doc.flags.get("owner_change_reason"),
	)
	return batch_id
