"""Bulk writes for demo data: whole tables in multi-row INSERTs, with the framework's standard columns
filled in, instead of one doc.insert() per row."""

import itertools
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import frappe
from frappe.utils import now_datetime

from crm_plus.compat import executemany

STANDARD = ("creation", "modified", "modified_by", "owner", "docstatus", "idx")


def insert_rows(
	doctype: str,
	fields: Sequence[str],
	rows: Iterable[Sequence[Any]],
	*,
	owner: str = "Administrator",
	timestamp: datetime | None = None,
	chunk_size: int = 5_000,
) -> int:
	"""Insert `rows` (values for `fields`, which must include `name`) and return how many were written.

	Standard columns not in `fields` get: now, Administrator, docstatus 0, idx 0."""
	ts = timestamp or now_datetime()  # the site's time zone, as the framework writes timestamps
	extra = [c for c in STANDARD if c not in fields]
	defaults = {
		"creation": ts,
		"modified": ts,
		"modified_by": owner,
		"owner": owner,
		"docstatus": 0,
		"idx": 0,
	}
	tail = tuple(defaults[c] for c in extra)
	count = 0

	def with_defaults():
		nonlocal count
		for row in rows:
			count += 1
			yield (*row, *tail)

	columns = [*fields, *extra]
	sql = (
		f"insert into `tab{doctype}` ({', '.join(f'`{c}`' for c in columns)})"
		f" values ({', '.join(['%s'] * len(columns))})"
	)
	# the driver's executemany sends multi-row INSERTs (up to ~1 MB each) and escapes the values itself:
	# about three times faster than building the same statements with the query builder
	# (frappe.db.bulk_insert), which matters at a million order lines
	values = with_defaults()
	while chunk := list(itertools.islice(values, chunk_size)):
		executemany(sql, chunk)
	return count


def get_series(prefix: str) -> int:
	"""The last number the naming series `prefix` handed out (0 if never used)."""
	series = frappe.qb.DocType("Series")
	found = frappe.qb.from_(series).select(series.current).where(series.name == prefix).run()
	return int(found[0][0]) if found else 0


def set_series(prefix: str, current: int) -> None:
	"""Make the naming series `prefix` continue after `current` (for names written by insert_rows)."""
	series = frappe.qb.DocType("Series")
	if frappe.qb.from_(series).select(series.name).where(series.name == prefix).run():
		frappe.qb.update(series).set(series.current, current).where(series.name == prefix).run()
	else:
		frappe.qb.into(series).columns("name", "current").insert(prefix, current).run()


CONTACT_FIELDS = ("full_name", "first_name", "last_name", "company_name", "designation", "mobile_no")


def insert_party_contacts(party_doctype: str, rows: Iterable[Sequence[Any]], extra_fields=()) -> int:
	"""Write one core Contact per row, linked to its party by Dynamic Link, with its mobile as the
	primary Contact Phone; returns how many were written.

	Each row: (contact name, party name, company, first name, last name, designation, mobile, *values
	of `extra_fields`)."""
	contacts, links, phones = [], [], []
	for cid, party, company, first, last, designation, mobile, *extra in rows:
		contacts.append((cid, first + last, first, last, company, designation, mobile, "Passive", *extra))
		links.append(
			(frappe.generate_hash(length=12), cid, "Contact", "links", party_doctype, party, company, 1)
		)
		phones.append((frappe.generate_hash(length=12), cid, "Contact", "phone_nos", mobile, 1, 1, 1))
	count = insert_rows("Contact", ["name", *CONTACT_FIELDS, "status", *extra_fields], contacts)
	insert_rows(
		"Dynamic Link",
		["name", "parent", "parenttype", "parentfield", "link_doctype", "link_name", "link_title", "idx"],
		links,
	)
	insert_rows(
		"Contact Phone",
		[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"phone",
			"is_primary_mobile_no",
			"is_primary_phone",
			"idx",
		],
		phones,
	)
	return count
