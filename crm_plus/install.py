"""Install, migrate and uninstall steps. Every step is idempotent: running it twice changes nothing."""

import frappe

from crm_plus.permissions.roles import ALL_ROLES

WORKSPACE = "CRM Plus"
LANDING_ROUTE = "/app/crm-plus"


def after_install():
	after_migrate()


def after_migrate():
	ensure_roles_land_on_workspace()
	ensure_zh_language_enabled()


def ensure_roles_land_on_workspace():
	"""Users whose roles are crm_plus roles land on the CRM Plus workspace after login."""
	for role in ALL_ROLES:
		if frappe.db.exists("Role", role) and frappe.db.get_value("Role", role, "home_page") != LANDING_ROUTE:
			frappe.db.set_value("Role", role, "home_page", LANDING_ROUTE, update_modified=False)


def ensure_zh_language_enabled():
	"""Simplified Chinese must be selectable on every site that runs crm_plus."""
	if frappe.db.exists("Language", "zh") and frappe.db.get_value("Language", "zh", "enabled") == 0:
		frappe.db.set_value("Language", "zh", "enabled", 1, update_modified=False)


def before_uninstall():
	"""Remove what crm_plus put on framework DocTypes (permissions of its roles, its custom fields) and
	its roles. This runs before the framework commits the uninstall; its after_uninstall hooks run after
	that commit, so nothing is done there."""
	frappe.db.delete("Custom DocPerm", {"role": ("in", ALL_ROLES)})
	for name in frappe.get_all("Custom Field", filters={"module": ("in", _own_modules())}, pluck="name"):
		frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	for name in frappe.get_all("Property Setter", filters={"module": ("in", _own_modules())}, pluck="name"):
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	frappe.db.delete("Has Role", {"role": ("in", ALL_ROLES)})
	for role in ALL_ROLES:
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	frappe.clear_cache()


def before_tests():
	"""Tests run on a site past the setup wizard, like a real one."""
	from crm_plus.site_setup import complete_setup

	complete_setup(language="en")


def _own_modules() -> list[str]:
	return frappe.get_module_list("crm_plus")
