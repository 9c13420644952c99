"""The supplier's cooperation history (合作历史): its deliveries, quality evaluations and follow-ups."""

from frappe import _


def get_data():
	return {
		"fieldname": "supplier",
		"transactions": [
			{
				"label": _("Cooperation History"),
				"items": ["CP Supplier Delivery", "CP Supplier Quality Evaluation"],
			},
			{"label": _("Communication"), "items": ["CP Follow Up"]},
		],
	}
