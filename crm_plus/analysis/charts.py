"""The chart and summary cards several analysis reports share."""

from frappe import _


def amount_bar_chart(labels: list, amounts: list) -> dict | None:
	"""The bar chart of order amounts several reports draw (None when there is nothing to draw)."""
	if not labels:
		return None
	return {
		"data": {"labels": labels, "datasets": [{"name": _("Order Amount"), "values": amounts}]},
		"type": "bar",
		"fieldtype": "Currency",
	}


def sales_summary(data: list[dict]) -> list[dict]:
	"""Report summary cards: the total order amount, orders and follow-ups of `data`'s rows."""
	return [
		{
			"label": _("Order Amount"),
			"value": sum(r.amount for r in data),
			"datatype": "Currency",
			"indicator": "Green",
		},
		{"label": _("Orders"), "value": sum(r.orders for r in data), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Follow-ups"),
			"value": sum(r.follow_ups for r in data),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]
