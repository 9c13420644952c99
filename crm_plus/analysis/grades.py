"""Grade distribution (the visible customers by current grade) and grade movement (changes recorded in
CP Grade History over a period: upgrades, downgrades, first grades).

A change is an upgrade when the new grade ranks higher (a smaller ``sequence``: S=1 is the best), a
downgrade when it ranks lower, a first grade when the customer had none. Changes between grades of the
same rank, and changes back to no grade, are neither.
"""

import frappe

from crm_plus.analysis import visible
from crm_plus.rollup import read as rollup


def grade_ranks() -> dict[str, int]:
	return dict(frappe.get_all("CP Customer Grade", fields=["name", "sequence"], as_list=True))


def _changes(customers: tuple[str, dict], from_date, to_date) -> dict[tuple[str, str], int]:
	"""{(from grade, to grade): changes} dated from_date..to_date of the customers matching `customers`
	(a condition on `c` and its values); "" for no grade."""
	condition, values = customers
	return {
		(old, new): int(n)
		for old, new, n in frappe.db.sql(
			f"""select ifnull(`h`.`from_grade`, ''), ifnull(`h`.`to_grade`, ''), count(*)
			from `tabCP Grade History` `h` join `tabCP Customer` `c` on `c`.`name` = `h`.`customer`
			where `h`.`changed_on` >= %(from_date)s and `h`.`changed_on` < date_add(%(to_date)s, interval 1 day)
				and {condition}
			group by 1, 2""",
			{**values, "from_date": from_date, "to_date": to_date},
		)
	}


def distribution(filters=None, user: str | None = None) -> dict:
	"""{grade or None: customers} of the visible customers."""
	condition, values = visible(filters, user)
	return dict(
		frappe.db.sql(
			f"""select `c`.`grade`, count(*) from `tabCP Customer` `c`
			where {condition} group by `c`.`grade`""",
			values,
		)
	)


def movement(
	from_date, to_date, filters=None, user: str | None = None, rollup_read: bool = True
) -> dict[str, dict]:
	"""{grade: {up_in, down_in, up_out, down_out, first}} of the changes dated from_date..to_date
	(inclusive days) of the visible customers. Whole months of whole owners are read from the rollup
	where it is current (crm_plus.rollup), the rest live."""
	user = user or frappe.session.user
	parts = rollup.split(user, filters) if rollup_read else None
	if parts is None:
		changes = _changes(visible(filters, user), from_date, to_date)
	else:
		changes = rollup.grade_changes(_changes, from_date, to_date, parts)
	rows = [frappe._dict(from_grade=f, to_grade=t, changes=n) for (f, t), n in changes.items()]
	ranks = grade_ranks()
	moves: dict[str, dict] = {}

	def of(grade):
		return moves.setdefault(grade, {"up_in": 0, "down_in": 0, "up_out": 0, "down_out": 0, "first": 0})

	for row in rows:
		old, new, n = row.from_grade, row.to_grade, int(row.changes)
		if not new or old == new:
			continue
		if not old:
			of(new)["first"] += n
			continue
		if old not in ranks or new not in ranks or ranks[old] == ranks[new]:
			continue
		kind = "up" if ranks[new] < ranks[old] else "down"
		of(new)[f"{kind}_in"] += n
		of(old)[f"{kind}_out"] += n
	return moves
