"""客户画像: the visible customers counted by one dimension, with their lifetime sales."""

import frappe

from crm_plus.analysis import visible
from crm_plus.orders.source import sales_sql
from crm_plus.rollup import PROFILE
from crm_plus.rollup import read as rollup

DIMENSIONS = {
	"industry": "Industry",
	"region": "Region",
	"grade": "Customer Grade",
	"customer_source": "Customer Source",
	"customer_category": "Customer Category",
	"amount_band": "Amount Band",
}
# lifetime amount bands (CNY): (lower bound inclusive, label); a customer without a sale is "No Orders"
NO_ORDERS = "No Orders"
AMOUNT_BANDS = (
	(1_000_000, "1M and above"),
	(200_000, "200K – 1M"),
	(50_000, "50K – 200K"),
	(10_000, "10K – 50K"),
	(0, "Under 10K"),
)


def band_sql(amount: str) -> str:
	cases = " ".join(f"when {amount} >= {low} then '{label}'" for low, label in AMOUNT_BANDS)
	return f"case when {amount} is null then '{NO_ORDERS}' {cases} end"


def band_of(amount) -> str | None:
	"""The band of a lifetime `amount` (None: no sale), as band_sql gives it."""
	if amount is None:
		return NO_ORDERS
	return next((label for low, label in AMOUNT_BANDS if amount >= low), None)


def band_order() -> list[str]:
	return [NO_ORDERS] + [label for _low, label in reversed(AMOUNT_BANDS)]


def customer_profile(
	dimension: str, filters=None, user: str | None = None, rollup_read: bool = True
) -> list[dict]:
	"""[{value, customers, orders, amount}] for each value of `dimension` among the visible customers
	(value None: not set). Lifetime sales are the customer's counted orders. Whole owners are read from
	the rollup where it is current (crm_plus.rollup), the other customers live; one statement adds
	them up."""
	if dimension not in DIMENSIONS:
		frappe.throw(frappe._("Unknown dimension {0}").format(dimension))
	user = user or frappe.session.user
	parts = rollup.split(user, filters) if rollup_read else None
	if parts is None:
		customers = visible(filters, user)
		pieces, values = [_live(dimension, customers)], dict(customers[1])
	else:
		pieces, values = [], {}
		if parts.current:
			pieces.append(
				f"""select nullif(`value`, '') as `value`, `customers`, `orders`, `amount` from `{PROFILE}`
				where `dimension` = %(rollup_dimension)s and `owner_key` in %(rollup_owners)s"""
			)
			values.update(rollup_dimension=dimension, rollup_owners=parts.current)
		if parts.live:
			pieces.append(_live(dimension, parts.live))
			values.update(parts.live[1])
	if not pieces:
		return []
	return frappe.db.sql(
		f"""select `u`.`value`, cast(sum(`u`.`customers`) as signed) as `customers`,
			cast(sum(`u`.`orders`) as signed) as `orders`, coalesce(sum(`u`.`amount`), 0) as `amount`
		from ({" union all ".join(f"({p})" for p in pieces)}) `u`
		group by `u`.`value` order by `customers` desc, `u`.`value`""",
		values,
		as_dict=True,
	)


def _live(dimension: str, customers: tuple[str, dict]) -> str:
	"""The statement counting the customers matching `customers` (a condition on `c`) by `dimension`."""
	# one pass over the customers, each joined to its sales (crm_plus's own orders: through the index
	# (customer, status, order_date, total_amount) alone)
	per_customer = (
		"select `c`.`name`, `c`.`{dim}` as `value`, sum(`o`.`amount`) as `amount`,"
		" coalesce(sum(`o`.`is_order`), 0) as `orders`"
		" from `tabCP Customer` `c` left join ({sales}) `o` on `o`.`customer` = `c`.`name`"
		" where {condition} group by `c`.`name`"
	).format(
		dim="name" if dimension == "amount_band" else dimension,
		sales=sales_sql(),
		condition=customers[0],
	)
	value = band_sql("`t`.`amount`") if dimension == "amount_band" else "`t`.`value`"
	return f"""select {value} as `value`, count(*) as `customers`, sum(`t`.`orders`) as `orders`,
		coalesce(sum(`t`.`amount`), 0) as `amount`
	from ({per_customer}) `t` group by 1"""
