"""客户画像: the visible customers counted by one dimension, with their lifetime sales."""

import frappe

from crm_plus.analysis import customer_filter_sql, scope
from crm_plus.orders.source import sales_sql

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


def band_order() -> list[str]:
	return [NO_ORDERS] + [label for _low, label in reversed(AMOUNT_BANDS)]


def customer_profile(dimension: str, filters=None, user: str | None = None) -> list[dict]:
	"""[{value, customers, orders, amount}] for each value of `dimension` among the visible customers
	(value None: not set). Lifetime sales are the customer's counted orders."""
	if dimension not in DIMENSIONS:
		frappe.throw(frappe._("Unknown dimension {0}").format(dimension))
	condition, values = customer_filter_sql(filters or {}, "c")
	# one pass over the visible customers, each joined to its sales (crm_plus's own orders: through the
	# index (customer, status, order_date, total_amount) alone)
	per_customer = (
		"select `c`.`name`, `c`.`{dim}` as `value`, sum(`o`.`amount`) as `amount`,"
		" coalesce(sum(`o`.`is_order`), 0) as `orders`"
		" from `tabCP Customer` `c` left join ({sales}) `o` on `o`.`customer` = `c`.`name`"
		" where {scope} and {condition} group by `c`.`name`"
	).format(
		dim="name" if dimension == "amount_band" else dimension,
		sales=sales_sql(),
		scope=scope(user, "c"),
		condition=condition,
	)
	value = band_sql("`t`.`amount`") if dimension == "amount_band" else "`t`.`value`"
	return frappe.db.sql(
		f"""select {value} as `value`, count(*) as `customers`, sum(`t`.`orders`) as `orders`,
			coalesce(sum(`t`.`amount`), 0) as `amount`
		from ({per_customer}) `t` group by 1 order by `customers` desc, `value`""",
		values,
		as_dict=True,
	)
