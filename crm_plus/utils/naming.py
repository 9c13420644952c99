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
