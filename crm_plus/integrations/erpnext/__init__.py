"""ERPNext, when it is installed on the site (README, "ERPNext").

- ``parties``: link one crm_plus customer / supplier to ERPNext's record of the party ("Link to ERPNext");
- ``bulk``: link many customers to ERPNext Customers and products to ERPNext Items at once, with a report;
- ``prices``: approved customer price files published as that customer's ERPNext prices;
- ``owners``: the ERPNext account manager kept in step with the sales owner;
- ``suppliers``: a supplier's on-time rate from its ERPNext purchases.

Where the sales figures come from (crm_plus or ERPNext documents) is crm_plus.orders.source. On a site
without ERPNext every action refuses with ERPNextNotInstalledError and changes nothing.
"""

import frappe
from frappe import _

from crm_plus.doctypes import ERPNEXT_SETTINGS as SETTINGS
from crm_plus.exceptions import ERPNextNotInstalledError


def erpnext_installed() -> bool:
	return "erpnext" in frappe.get_installed_apps()


def ensure_erpnext() -> None:
	if not erpnext_installed():
		frappe.throw(
			_(
				"ERPNext is not installed on this site, so there is no ERPNext customer or supplier to link to."
			),
			ERPNextNotInstalledError,
			title=_("ERPNext Not Installed"),
		)


def setting(fieldname: str):
	"""A value of CP ERPNext Settings (None where ERPNext is not installed: nothing of ERPNext applies)."""
	if not erpnext_installed():
		return None
	return frappe.db.get_single_value(SETTINGS, fieldname)
