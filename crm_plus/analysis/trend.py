"""Sales trend: counted orders (amount, count, ordering customers) and customer follow-ups per period,
of the visible customers matching the report filters. Also the history the forecast is fitted on."""

import frappe

from crm_plus.analysis import customer_filter_sql, period_key, scope
from crm_plus.orders.source import sales_sql


def sales_by_period(period: str, from_date, to_date, filters=None, user: str | None = None) -> dict:
	"""{period label: {orders, amount, customers}} of counted orders dated from_date..to_date."""
	condition, values = customer_filter_sql(filters or {}, "c")
	rows = frappe.db.sql(
		f"""select {period_key("`o`.`order_date`", period)} as `period`, sum(`o`.`is_order`) as `orders`,
			sum(`o`.`amount`) as `amount`, count(distinct `o`.`customer`) as `customers`
		from ({sales_sql()}) `o` join `tabCP Customer` `c` on `c`.`name` = `o`.`customer`
		where `o`.`order_date` between %(from_date)s and %(to_date)s
			and {scope(user, "c")} and {condition}
		group by 1""",
		{**values, "from_date": from_date, "to_date": to_date},
		as_dict=True,
	)
	return {row.period: row for row in rows}


def follow_ups_by_period(period: str, from_date, to_date, filters=None, user: str | None = None) -> dict:
	"""{period label: number of follow-ups} of the visible customers, dated from_date..to_date."""
	condition, values = customer_filter_sql(filters or {}, "c")
	rows = frappe.db.sql(
		f"""select {period_key("`f`.`follow_up_date`", period)} as `period`, count(*) as `follow_ups`
		from `tabCP Follow Up` `f` join `tabCP Customer` `c` on `c`.`name` = `f`.`customer`
		where `f`.`party_type` = 'Customer'
			and `f`.`follow_up_date` between %(from_date)s and %(to_date)s
			and {scope(user, "c")} and {condition}
		group by 1""",
		{**values, "from_date": from_date, "to_date": to_date},
	)
	return dict(rows)


def amount_history(period: str, from_date, to_date, filters=None, user: str | None = None) -> list[tuple]:
	"""[(period label, order amount)] for every period from_date..to_date, zeros included (the series the
	forecast is fitted on)."""
	from crm_plus.analysis import periods_between

	sales = sales_by_period(period, from_date, to_date, filters, user)
	return [
		(label, float((sales.get(label) or {}).get("amount") or 0))
		for label in periods_between(from_date, to_date, period)
	]
