"""The customer centre (客户中心): records of a customer, one click away and added in place.

Contacts and addresses are on the form itself; every DocType with a `customer` link that belongs
here is listed below, grouped as the sales team thinks of them.
"""

from frappe import _


def get_data():
	return {
		"fieldname": "customer",
		"transactions": [
			{"label": _("Sales"), "items": ["CP Order", "CP Contract"]},
			{"label": _("Communication"), "items": ["CP Follow Up", "CP Complaint"]},
			{"label": _("Sales Library"), "items": ["CP Case Study"]},
			{"label": _("Grading and Churn"), "items": ["CP Grade History", "CP Churn Alert"]},
			{"label": _("Partner"), "items": ["CP Supplier"]},
			{"label": _("Ownership"), "items": ["CP Owner Change Log", "CP Pool Return Warning"]},
			{"label": _("Prices"), "items": ["CP Price File"]},
		],
	}
