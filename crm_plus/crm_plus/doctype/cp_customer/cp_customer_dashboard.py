"""The customer centre (客户中心): records of a customer, one click away and added in place.

Contacts and addresses are on the form itself; every DocType with a `customer` link that belongs
here is listed below, grouped as the sales team thinks of them.
"""

from frappe import _


def get_data():
	return {
		"fieldname": "customer",
		"transactions": [
			{"label": _("Sales"), "items": ["CP Contract"]},
			{"label": _("Prices"), "items": ["CP Price File"]},
		],
	}
