"""Sales trend: counted orders (amount, count, ordering customers) and customer follow-ups per period,
of the visible customers matching the report filters. Also the history the forecast is fitted on.

Whole periods of whole owners are read from the rollup where it is current (crm_plus.rollup); the rest
with the live queries here, which are also what the rollup is checked against (``rollup=False``)."""

import frappe

from crm_plus.analysis import period_key, visible
from crm_plus.orders.source import sales_sql
from crm_plus.rollup import read as rollup

SALES = ("orders", "amount", "customers")
FOLLOW_UPS = ("follow_ups",)


def trend_by_period(
	period: str, from_date, to_date, filters=None, user: str | None = None, rollup_read: bool = True
) -> tuple[dict, dict]:
	"""({period label: {orders, amount, customers}}, {period label: follow-ups}) dated from_date..to_date."""
	user = user or frappe.session.user
	parts = rollup.split(user, filters) if rollup_read else None
	return (
		_sales(period, from_date, to_date, filters, user, parts),
		_follow_ups(period, from_date, to_date, filters, user, parts),
	)


def sales_by_period(period: str, from_date, to_date, filters=None, user: str | None = None) -> dict:
	"""{period label: {orders, amount, customers}} of counted orders dated from_date..to_date."""
	user = user or frappe.session.user
	return _sales(period, from_date, to_date, filters, user, rollup.split(user, filters))


def follow_ups_by_period(period: str, from_date, to_date, filters=None, user: str | None = None) -> dict:
	"""{period label: number of follow-ups} of the visible customers, dated from_date..to_date."""
	user = user or frappe.session.user
	return _follow_ups(period, from_date, to_date, filters, user, rollup.split(user, filters))


def _sales(period: str, from_date, to_date, filters, user: str, parts) -> dict:
	"""Live over the visible customers when `parts` is None, else through the rollup."""
	if parts is None:
		return _live_sales(period, visible(filters, user), from_date, to_date)
	sales = rollup.by_period(
		lambda c, a, b: _live_sales(period, c, a, b), SALES, period, from_date, to_date, parts
	)
	# the rollup's periods with follow-ups and no sale are not periods with sales
	return {label: row for label, row in sales.items() if row.get("customers")}


def _follow_ups(period: str, from_date, to_date, filters, user: str, parts) -> dict:
	if parts is None:
		rows = _live_follow_ups(period, visible(filters, user), from_date, to_date)
	else:
		rows = rollup.by_period(
			lambda c, a, b: _live_follow_ups(period, c, a, b), FOLLOW_UPS, period, from_date, to_date, parts
		)
	return {label: int(row.get("follow_ups") or 0) for label, row in rows.items() if row.get("follow_ups")}


def _live_sales(period: str, customers: tuple[str, dict], from_date, to_date) -> dict:
	condition, values = customers
	rows = frappe.db.sql(
		f"""select {period_key("`o`.`order_date`", period)} as `period`, sum(`o`.`is_order`) as `orders`,
			sum(`o`.`amount`) as `amount`, count(distinct `o`.`customer`) as `customers`
		from ({sales_sql()}) `o` join `tabCP Customer` `c` on `c`.`name` = `o`.`customer`
		where `o`.`order_date` between %(from_date)s and %(to_date)s and {condition}
		group by 1""",
		{**values, "from_date": from_date, "to_date": to_date},
		as_dict=True,
	)
	return {row.pop("period"): row for row in rows}


def _live_follow_ups(period: str, customers: tuple[str, dict], from_date, to_date) -> dict:
	condition, values = customers
	rows = frappe.db.sql(
		f"""select {period_key("`f`.`follow_up_date`", period)} as `period`, count(*) as `follow_ups`
		from `tabCP Follow Up` `f` join `tabCP Customer` `c` on `c`.`name` = `f`.`customer`
		where `f`.`party_type` = 'Customer'
			and `f`.`follow_up_date` between %(from_date)s and %(to_date)s and {condition}
		group by 1""",
		{**values, "from_date": from_date, "to_date": to_date},
		as_dict=True,
	)
	return {row.pop("period"): row for row in rows}


def amount_history(period: str, from_date, to_date, filters=None, user: str | None = None) -> list[tuple]:
	"""[(period label, order amount)] for every period from_date..to_date, zeros included (the series the
	forecast is fitted on)."""
	from crm_plus.analysis import periods_between

	sales = sales_by_period(period, from_date, to_date, filters, user)
	return [
		(label, float((sales.get(label) or {}).get("amount") or 0))
		for label in periods_between(from_date, to_date, period)
	]
