"""The SQL conditions crm_plus's permission rules return, built from a few tested pieces.

The framework takes a ``permission_query_conditions`` answer as SQL text and ANDs it to the query of a
list, a count, a report or a link search, so a rule is a string in the end. Every rule in
crm_plus/permissions/ builds it here: columns are quoted one way, every value goes through the
database's own escaping, empty lists and empty alternatives have one meaning (nothing matches), and
each piece is tested on a plain Python (tests/test_conditions.py).

``escape`` defaults to the site database's (``frappe.db.escape``); tests pass their own.
"""

from collections.abc import Callable, Iterable

Escape = Callable[[str], str]

NOTHING = "1 = 0"  # a condition no row meets


def _site_escape(value: str) -> str:
	import frappe

	return frappe.db.escape(value)


def table(doctype: str) -> str:
	"""The quoted table of `doctype`."""
	return f"`tab{doctype}`"


def column(owner: str, field: str) -> str:
	"""`field` of a quoted table or of an alias."""
	return f"{owner}.`{field}`"


def literals(values: Iterable[str], escape: Escape = _site_escape) -> str:
	return ", ".join(escape(v) for v in values)


def equals(col: str, value: str, escape: Escape = _site_escape) -> str:
	return f"{col} = {escape(value)}"


def is_in(col: str, values: Iterable[str], escape: Escape = _site_escape) -> str:
	"""`col` is one of `values`; nothing matches an empty list."""
	values = list(values)
	return f"{col} in ({literals(values, escape)})" if values else NOTHING


def not_in(col: str, values: Iterable[str], escape: Escape = _site_escape, null_matches: bool = True) -> str:
	"""`col` is none of `values` (a null counts as none of them unless `null_matches` is False);
	everything matches an empty list."""
	values = list(values)
	if not values:
		return "1 = 1"
	condition = f"{col} not in ({literals(values, escape)})"
	return f"({col} is null or {condition})" if null_matches else condition


def in_query(col: str, subquery: str) -> str:
	"""`col` is among the values `subquery` selects."""
	return f"{col} in ({subquery})"


def blank(col: str) -> str:
	"""`col` is null or empty (written so that MariaDB can still use an index on `col`)."""
	return f"({col} is null or {col} = '')"


def exists(subquery: str) -> str:
	return f"exists ({subquery})"


def not_exists(subquery: str) -> str:
	return f"not exists ({subquery})"


def any_of(*conditions: str) -> str:
	"""Any of the conditions (empty ones left out); nothing matches when none is left."""
	kept = [c for c in conditions if c]
	if not kept:
		return NOTHING
	return kept[0] if len(kept) == 1 else "(" + " or ".join(kept) + ")"


def all_of(*conditions: str) -> str:
	"""All of the conditions (empty ones left out); "" (no restriction) when none is left."""
	kept = [c for c in conditions if c]
	return "" if not kept else kept[0] if len(kept) == 1 else "(" + " and ".join(kept) + ")"


def select(col: str, source: str, where: str = "") -> str:
	"""A subquery selecting `col` from `source` (a quoted table, optionally with an alias)."""
	return f"select {col} from {source}" + (f" where {where}" if where else "")
