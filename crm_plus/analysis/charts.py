"""The chart and summary cards several analysis reports share."""

from frappe import _

from crm_plus.utils.report import card


def chart(labels: list, datasets: list[tuple[str, list]], chart_type: str = "bar", **more) -> dict | None:
	"""A report chart: `datasets` are (translated name, values); None when there is nothing to draw."""
	if not labels:
		return None
	return {
		"data": {
			"labels": labels,
			"datasets": [{"name": name, "values": values} for name, values in datasets],
		},
		"type": chart_type,
		**more,
	}


def amount_bar_chart(labels: list, amounts: list) -> dict | None:
	"""The bar chart of order amounts several reports draw (None when there is nothing to draw)."""
	return chart(labels, [(_("Order Amount"), amounts)], fieldtype="Currency")


def sales_summary(data: list[dict]) -> list[dict]:
	"""Report summary cards: the total order amount, orders and follow-ups of `data`'s rows."""
	return [
		card(_("Order Amount"), sum(r.amount for r in data), "Currency", "Green"),
		card(_("Orders"), sum(r.orders for r in data), "Int", "Blue"),
		card(_("Follow-ups"), sum(r.follow_ups for r in data), "Int", "Orange"),
	]
