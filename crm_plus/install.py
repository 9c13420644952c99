"""Install, migrate and uninstall steps. Every step is idempotent: running it twice changes nothing.

Beside other apps (ERPNext), crm_plus changes none of their records: its workflow states and actions are
added only where missing (never overwritten: "Approved" and "Rejected" are the framework's), the ones it
added are remembered and removed again on uninstall unless another workflow uses them; its permissions
on Contact and Address are its own roles' rows only.
"""

import json

import frappe

from crm_plus.doctypes import MESSAGING_ROBOT
from crm_plus.permissions import roles
from crm_plus.permissions.roles import ALL_ROLES

WORKSPACE = "CRM Plus"
LANDING_ROUTE = "/app/crm-plus"

_EDIT = {"read": 1, "write": 1, "create": 1, "delete": 1, "report": 1, "export": 1, "print": 1, "email": 1}
# Rights crm_plus roles get on framework DocTypes; which records they reach is decided in
# crm_plus.permissions (permission_query_conditions / has_permission).
FRAMEWORK_PERMISSIONS = {
	"Contact": {
		roles.SALES_REP: _EDIT,
		roles.SALES_MANAGER: _EDIT,
		roles.PURCHASING: _EDIT,
		roles.CRM_ADMIN: {**_EDIT, "import": 1, "share": 1},
	},
	"Address": {
		roles.SALES_REP: _EDIT,
		roles.SALES_MANAGER: _EDIT,
		roles.PURCHASING: _EDIT,
		roles.CRM_ADMIN: {**_EDIT, "import": 1, "share": 1},
	},
}

# the rights of a DocPerm / Custom DocPerm row
PERM_RIGHTS = (
	"read",
	"write",
	"create",
	"delete",
	"submit",
	"cancel",
	"amend",
	"report",
	"export",
	"import",
	"share",
	"print",
	"email",
	"select",
)

DEFAULT_GRADES = (
	# name, minimum score, rank, service policy
	("S", 85, 1, "Dedicated account manager, quarterly business review, priority delivery."),
	("A", 70, 2, "Named account manager, monthly visit, preferential pricing."),
	("B", 50, 3, "Regular follow-up every two weeks, standard pricing."),
	("C", 0, 4, "Nurture pool: newsletters and campaigns."),
)


def after_install():
	after_migrate()


# Workflow states (icon, style) and actions of crm_plus's workflows (fixtures/workflow.json)
WORKFLOW_STATES = {
	"Approved": ("ok-sign", "Success"),
	"Cancelled": ("remove", "Danger"),
	"Completed": ("ok-sign", "Success"),
	"Confirmed": ("ok", "Primary"),
	"Created": ("pencil", ""),
	"Delivered": ("home", "Info"),
	"Draft": ("edit", ""),
	"Expired": ("calendar", "Inverse"),
	"Pending Review": ("time", "Warning"),
	"Rejected": ("remove", "Danger"),
	"Shipped": ("plane", "Info"),
	"Superseded": ("retweet", "Inverse"),
}
WORKFLOW_ACTIONS = (
	"Approve",
	"Cancel",
	"Complete",
	"Mark Delivered",
	"Reject",
	"Request Review",
	"Ship",
	"Submit for Review",
	"Withdraw",
)
# where the names of the states and actions crm_plus added (and so may remove) are kept
CREATED_MASTERS = "crm_plus_created_workflow_masters"


def ensure_workflow_masters():
	"""Before the fixtures sync (install, migrate): the workflow states and actions crm_plus's workflows
	use, each created only when missing; the ones created are remembered for uninstall."""
	created = _created_masters()
	for state, (icon, style) in WORKFLOW_STATES.items():
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "icon": icon, "style": style}
			).insert(ignore_permissions=True)
			created["Workflow State"].append(state)
	for action in WORKFLOW_ACTIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
			created["Workflow Action Master"].append(action)
	frappe.db.set_default(CREATED_MASTERS, json.dumps(created, sort_keys=True))


def _created_masters() -> dict[str, list[str]]:
	stored = json.loads(frappe.db.get_default(CREATED_MASTERS) or "{}")
	return {
		doctype: sorted(set(stored.get(doctype, [])))
		for doctype in ("Workflow State", "Workflow Action Master")
	}


def _remove_created_workflow_masters() -> None:
	"""The states and actions crm_plus added, unless a workflow left on the site uses them."""
	created = _created_masters()
	used_states = set(frappe.get_all("Workflow Document State", pluck="state")) | set(
		frappe.get_all("Workflow Transition", pluck="next_state")
	)
	used_actions = set(frappe.get_all("Workflow Transition", pluck="action"))
	for doctype, used in (("Workflow State", used_states), ("Workflow Action Master", used_actions)):
		for name in created[doctype]:
			if name not in used and frappe.db.exists(doctype, name):
				frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	frappe.db.delete("DefaultValue", {"defkey": CREATED_MASTERS})


def after_migrate():
	from crm_plus.rollup import schema as rollup_schema

	rollup_schema.ensure()
	ensure_roles_land_on_workspace()
	ensure_zh_language_enabled()
	ensure_framework_permissions()
	ensure_default_grades()
	ensure_default_settings()
	ensure_default_print_formats()


# Single DocTypes whose defaults (weights, rules switched on) must be stored before anything reads them
SETTINGS_WITH_DEFAULTS = ("CP Grading Settings", "CP Churn Settings")


def ensure_default_settings():
	"""Store the defaults of crm_plus's settings once; an administrator changes them afterwards."""
	for doctype in SETTINGS_WITH_DEFAULTS:
		if not frappe.db.get_singles_dict(doctype):
			frappe.get_single(doctype).save(ignore_permissions=True)


def ensure_framework_permissions():
	for doctype, by_role in FRAMEWORK_PERMISSIONS.items():
		for role, rights in by_role.items():
			_ensure_custom_perm(doctype, role, rights)


def _ensure_custom_perm(doctype: str, role: str, rights: dict) -> None:
	from frappe.permissions import add_permission

	filters = {"parent": doctype, "role": role, "permlevel": 0, "if_owner": 0}
	if not frappe.db.exists("Custom DocPerm", filters):
		add_permission(doctype, role, 0)
	name = frappe.db.get_value("Custom DocPerm", filters)
	current = frappe.db.get_value("Custom DocPerm", name, list(rights), as_dict=True)
	if any(int(current[k] or 0) != v for k, v in rights.items()):
		frappe.db.set_value("Custom DocPerm", name, rights, update_modified=False)
		frappe.clear_cache(doctype=doctype)


def ensure_default_grades():
	"""S/A/B/C on a new site; an administrator may rename or re-score them afterwards."""
	if frappe.db.count("CP Customer Grade"):
		return
	for grade, min_score, rank, policy in DEFAULT_GRADES:
		frappe.get_doc(
			{
				"doctype": "CP Customer Grade",
				"grade_name": grade,
				"min_score": min_score,
				"sequence": rank,
				"service_policy": policy,
			}
		).insert(ignore_permissions=True)


# DocType -> the print format its print view opens with (a standard DocType cannot name one itself)
DEFAULT_PRINT_FORMATS = {"CP Price File": "CP Price Letter"}


def ensure_default_print_formats():
	"""Set once; an administrator may choose another default in Customize Form afterwards."""
	for doctype, print_format in DEFAULT_PRINT_FORMATS.items():
		filters = {"doc_type": doctype, "property": "default_print_format", "doctype_or_field": "DocType"}
		if frappe.db.exists("Property Setter", filters) or not frappe.db.exists("Print Format", print_format):
			continue
		frappe.get_doc(
			{
				"doctype": "Property Setter",
				**filters,
				"value": print_format,
				"property_type": "Data",
				"module": "CRM Plus",
			}
		).insert(ignore_permissions=True)


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
	its roles. This runs before the framework commits the uninstall; its after_uninstall hook runs after
	that commit and only drops the rollup's tables."""
	frappe.db.delete("Custom DocPerm", {"role": ("in", ALL_ROLES)})
	_remove_workflows()
	for doctype in FRAMEWORK_PERMISSIONS:
		_reset_perms_if_standard(doctype)
	for name in frappe.get_all("Custom Field", filters={"module": ("in", _own_modules())}, pluck="name"):
		frappe.delete_doc("Custom Field", name, ignore_permissions=True, force=True)
	for name in frappe.get_all("Property Setter", filters={"module": ("in", _own_modules())}, pluck="name"):
		frappe.delete_doc("Property Setter", name, ignore_permissions=True, force=True)
	for workflow in frappe.get_all("Workflow", filters={"document_type": ("like", "CP %")}, pluck="name"):
		frappe.delete_doc("Workflow", workflow, ignore_permissions=True, force=True)
	frappe.db.delete("Workflow Action", {"reference_doctype": ("like", "CP %")})
	_remove_created_workflow_masters()
	from crm_plus.integrations.erpnext.indexes import drop as drop_erpnext_indexes

	drop_erpnext_indexes()
	frappe.db.delete("Has Role", {"role": ("in", ALL_ROLES)})
	for role in ALL_ROLES:
		if frappe.db.exists("Role", role):
			frappe.delete_doc("Role", role, ignore_permissions=True, force=True)
	# the messaging robots' signing secrets live in the framework's password table, not in crm_plus's
	frappe.db.delete("__Auth", {"doctype": MESSAGING_ROBOT})
	frappe.clear_cache()


def after_uninstall():
	"""The sales rollup's internal tables (crm_plus.rollup.schema), after the framework dropped crm_plus's
	DocTypes' tables and committed."""
	from crm_plus.rollup import schema as rollup_schema

	rollup_schema.drop()


def _remove_workflows() -> None:
	"""Workflows of crm_plus DocTypes (fixtures) go with them (their states and actions: see
	_remove_created_workflow_masters)."""
	doctypes = frappe.get_all("DocType", filters={"module": ("in", _own_modules())}, pluck="name")
	for name in frappe.get_all("Workflow", filters={"document_type": ("in", doctypes)}, pluck="name"):
		frappe.delete_doc("Workflow", name, ignore_permissions=True, force=True)


def _reset_perms_if_standard(doctype: str) -> None:
	"""Adding a custom permission copies a DocType's standard permissions into Custom DocPerm; when what
	is left after removing crm_plus's rows is exactly that copy, drop it so the standard ones apply again."""
	keys = ("role", "permlevel", "if_owner", *PERM_RIGHTS)

	def rows(table):
		return sorted(
			tuple(int(r.get(k) or 0) if k != "role" else r.role for k in keys)
			for r in frappe.get_all(table, filters={"parent": doctype}, fields=list(keys))
		)

	if rows("Custom DocPerm") == rows("DocPerm"):
		frappe.db.delete("Custom DocPerm", {"parent": doctype})
		frappe.clear_cache(doctype=doctype)


def before_tests():
	"""Tests run on a site past the setup wizard, like a real one."""
	from crm_plus.site_setup import complete_setup

	complete_setup(language="en")


def _own_modules() -> list[str]:
	return frappe.get_module_list("crm_plus")
