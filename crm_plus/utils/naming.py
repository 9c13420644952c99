"""Names from a naming series taken in bulk (imports, demo data): the series row is read and moved
on in one locked step, so documents saved meanwhile never get the same names."""

import frappe
from frappe.utils import now_datetime


def reserve(prefix: str, count: int) -> int:
	"""Take `count` numbers of the series `prefix`; returns the last number taken before them."""
	series = frappe.qb.DocType("Series")
	current = frappe.qb.from_(series).select(series.current).where(series.name == prefix).for_update().run()
	start = int(current[0][0]) if current else 0
	if count:
		set_current(prefix, start + count, exists=bool(current))
	return start


def current(prefix: str) -> int:
	"""The last number the series `prefix` handed out (0 if never used)."""
	series = frappe.qb.DocType("Series")
	found = frappe.qb.from_(series).select(series.current).where(series.name == prefix).run()
	return int(found[0][0]) if found else 0


def set_current(prefix: str, value: int, exists: bool | None = None) -> None:
	"""Make the series `prefix` continue after `value` (for names written in bulk)."""
	series = frappe.qb.DocType("Series")
	if exists is None:
		exists = bool(frappe.qb.from_(series).select(series.name).where(series.name == prefix).run())
	if exists:
		frappe.qb.update(series).set(series.current, value).where(series.name == prefix).run()
	else:
		frappe.qb.into(series).columns("name", "current").insert(prefix, value).run()


def reserve_names(doctype: str, count: int) -> list[str]:
	"""`count` names from `doctype`'s naming series (``C.YYYY.#####`` ...), taken in one locked step."""
	if not count:
		return []
	parts = (frappe.get_meta(doctype).autoname or "").split(".")
	hashes = next(p for p in parts if p and set(p) == {"#"})
	now = now_datetime()
	expand = {
		"YYYY": now.strftime("%Y"),
		"YY": now.strftime("%y"),
		"MM": now.strftime("%m"),
		"DD": now.strftime("%d"),
	}
	prefix = "".join(expand.get(p, p) for p in parts if not (p and set(p) == {"#"}))
	start = reserve(prefix, count)
	return [f"{prefix}{n:0{len(hashes)}d}" for n in range(start + 1, start + count + 1)]


# Rows written in bulk whose DocType names by hash. The framework's hash names are 10 hex characters
# (40 bits), and Document.db_insert draws again when one collides; a multi-row INSERT cannot, so one
# collision fails (or, with INSERT IGNORE, silently drops) a whole batch. At 40 bits a table of 2,000,000
# such rows holds a collision more often than not (a 1,000,000-customer re-grade writing its history next
# to an earlier one's failed on one); at 80 bits the chance for 10,000,000 rows is about 4 in 10^11.
RANDOM_NAME_LENGTH = 20


def random_name() -> str:
	"""A name for a row written in bulk: 80 random bits, as hex."""
	return frappe.generate_hash(length=RANDOM_NAME_LENGTH)
