"""The app's roles and the questions every permission rule asks about a user."""

import frappe

SALES_REP = "CP Sales Rep"
SALES_MANAGER = "CP Sales Manager"
PRICE_MANAGER = "CP Price Manager"
CRM_ADMIN = "CP CRM Administrator"
PURCHASING = "CP Purchasing"
LIBRARY_EDITOR = "CP Library Editor"

ALL_ROLES = (SALES_REP, SALES_MANAGER, PRICE_MANAGER, CRM_ADMIN, PURCHASING, LIBRARY_EDITOR)

# Roles that see every record of the app, whoever owns it.
SEE_ALL_ROLES = ("System Manager", CRM_ADMIN)


def is_crm_admin(user: str | None = None) -> bool:
	"""Administrator, System Managers and CRM administrators see and may do everything."""
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return bool(set(SEE_ALL_ROLES) & set(frappe.get_roles(user)))


def has_app_permission() -> bool:
	"""Whether the CRM Plus tile shows on the apps screen."""
	if is_crm_admin():
		return True
	return bool(set(ALL_ROLES) & set(frappe.get_roles()))
