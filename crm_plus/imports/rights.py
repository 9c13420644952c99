"""Who may import what, and who may name another owner for the records they import."""

import frappe

from crm_plus.imports.columns import SUPPLIER, TARGET_DOCTYPE
from crm_plus.permissions.roles import PURCHASING, is_crm_admin


def may_import(import_type: str, user: str) -> bool:
	"""Customers and contacts: the CRM's sales roles; suppliers: CP Purchasing and administrators."""
	if is_crm_admin(user):
		return True
	if import_type == SUPPLIER:
		return PURCHASING in frappe.get_roles(user)
	return frappe.has_permission(TARGET_DOCTYPE[import_type], "create", user=user)


def may_set_any_owner(user: str) -> bool:
	return is_crm_admin(user)
